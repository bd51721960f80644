package io.waitingroom.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The operators' door: every {@code /admin} call (live settings, the box office's set-up) shows
 * {@code X-Admin-Key} here. The key is {@code waiting-room.admin-key}; when it is blank, a random
 * one is made for this process and logged, so a deployment is never open by omission.
 */
@Component
public class AdminKeys {

    private static final Logger log = LoggerFactory.getLogger(AdminKeys.class);

    /** Compared as digests: both sides are 32 bytes, so the time taken tells nothing, not even the key's length. */
    private final byte[] keyDigest;

    AdminKeys(Environment environment) {
        String key = environment.getProperty(JwtModeSettings.ADMIN_KEY, "");
        if (key.isBlank()) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            key = HexFormat.of().formatHex(random);
            log.warn("waiting-room.admin-key is not set: generated admin key for this process: {}", key);
        }
        this.keyDigest = sha256(key);
    }

    public Mono<Void> require(String givenKey) {
        if (givenKey == null || !MessageDigest.isEqual(keyDigest, sha256(givenKey))) {
            return Mono.error(new ProblemException(ProblemCode.ADMIN_KEY_REQUIRED, "A valid X-Admin-Key is required"));
        }
        return Mono.empty();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
