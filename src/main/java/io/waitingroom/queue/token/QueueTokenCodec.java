package io.waitingroom.queue.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.queue.WaitingRoomProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs and checks queue tokens: {@code concertId.userId.tokenId.signature}, the signature an
 * HMAC-SHA256 of the rest. A token that fails here never reaches Redis, so a flood of forged
 * tokens costs one HMAC each and nothing more. Tokens that passed are remembered (only exact
 * strings that were verified, in a bounded Caffeine cache), so a browser polling with its token
 * is not verified again on every poll.
 */
@Component
public class QueueTokenCodec {

    private static final Logger log = LoggerFactory.getLogger(QueueTokenCodec.class);
    private static final int MAX_TOKEN_LENGTH = 160;
    private static final String BEARER = "Bearer ";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final Cache<String, QueueToken> verified = Caffeine.newBuilder()
            .maximumSize(500_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    public QueueTokenCodec(WaitingRoomProperties properties) {
        String secret = properties.tokenSecret();
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = BASE64.encodeToString(random);
            log.warn("waiting-room.token-secret is not set: generated one for this process. Tokens will not "
                    + "survive a restart and other instances will reject them; set the same secret on every instance.");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public static String newTokenId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    public String encode(QueueToken token) {
        String payload = token.concertId() + "." + token.userId() + "." + token.tokenId();
        return payload + "." + sign(payload);
    }

    /** Reads an {@code Authorization: Bearer ...} header; 401 TOKEN_INVALID for anything not signed by us. */
    public QueueToken decodeBearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw invalid();
        }
        String token = authorization.substring(BEARER.length()).trim();
        QueueToken known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        QueueToken decoded = decode(token);
        verified.put(token, decoded);
        return decoded;
    }

    public QueueToken decode(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        int lastDot = token.lastIndexOf('.');
        if (lastDot <= 0) {
            throw invalid();
        }
        String payload = token.substring(0, lastDot);
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw invalid();
        }
        int first = payload.indexOf('.');
        int second = payload.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == payload.length() - 1) {
            throw invalid();
        }
        try {
            long concertId = Long.parseLong(payload, 0, first, 10);
            long userId = Long.parseLong(payload, first + 1, second, 10);
            return new QueueToken(concertId, userId, payload.substring(second + 1));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private String sign(String payload) {
        Mac mac = macs.get();
        return BASE64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static ProblemException invalid() {
        return new ProblemException(ProblemCode.TOKEN_INVALID, "The queue token is missing, malformed or not signed by this service");
    }
}
