package io.waitingroom.queue.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.support.WaitingRoomPropertiesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signed queue token on its own: its form, its round trip, and everything it refuses (no Spring, no Redis). */
class QueueTokenCodecTest {

    private static final String SECRET = "a-secret-of-at-least-32-bytes-for-tests";
    private static final QueueToken TOKEN = new QueueToken(12, 34, "k3x9q0a");
    /** HMAC-SHA256 of "12.34.k3x9q0a" with {@link #SECRET}, base64url without padding. */
    private static final String GOLDEN = "12.34.k3x9q0a.dod5-UqnB-VE2JeO9R5KA6_zdqvX41M2jofMxEx-uA8";

    private final QueueTokenCodec codec = codec(SECRET);

    private static QueueTokenCodec codec(String secret) {
        return new QueueTokenCodec(WaitingRoomPropertiesFixture.withTokenSecret(secret));
    }

    /** A signature made here, apart from the codec: for payloads the codec itself would never sign. */
    private static String signedByHand(String payload) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return payload + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertInvalid(Runnable decoding) {
        assertThatThrownBy(decoding::run).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCode.TOKEN_INVALID);
            assertThat(problem.status().value()).isEqualTo(401);
            assertThat(problem.getMessage()).isEqualTo("The queue token is missing, malformed or not signed by this service");
        });
    }

    @Test
    void aTokenIsItsPayloadAndTheHmacOfIt() throws GeneralSecurityException {
        // Tokens in browsers must survive a new version: the form and the signature are fixed.
        assertThat(codec.encode(TOKEN)).isEqualTo(GOLDEN);
        assertThat(GOLDEN).isEqualTo(signedByHand("12.34.k3x9q0a"));
    }

    @Test
    void whatIsEncodedDecodesToTheSameToken() {
        assertThat(codec.decode(GOLDEN)).isEqualTo(TOKEN);
        for (QueueToken token : new QueueToken[]{
                new QueueToken(1, 1, "a"),
                new QueueToken(Long.MAX_VALUE, Long.MAX_VALUE, "3w5e11264sgsf"),
                new QueueToken(7, 9_000_000_000L, QueueTokenCodec.newTokenId())}) {
            assertThat(codec.decode(codec.encode(token))).isEqualTo(token);
            assertThat(codec.decodeBearer("Bearer " + codec.encode(token))).isEqualTo(token);
        }
    }

    @Test
    void anotherCodecWithTheSameSecretAcceptsIt() {
        // Every instance of the service has the same secret: any of them takes any token.
        assertThat(codec(SECRET).decode(codec.encode(TOKEN))).isEqualTo(TOKEN);
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndSpacesAroundTheTokenDoNotCount() {
        assertThat(codec.decodeBearer("Bearer " + GOLDEN)).isEqualTo(TOKEN);
        assertThat(codec.decodeBearer("bearer " + GOLDEN)).isEqualTo(TOKEN);
        assertThat(codec.decodeBearer("BEARER " + GOLDEN)).isEqualTo(TOKEN);
        assertThat(codec.decodeBearer("Bearer   " + GOLDEN + "  ")).isEqualTo(TOKEN);
        assertThat(codec.decodeBearer("Bearer " + GOLDEN + "\t")).isEqualTo(TOKEN);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String foreign = codec("another-secret-of-at-least-32-bytes!!").encode(TOKEN);

        assertThat(foreign).startsWith("12.34.k3x9q0a.").isNotEqualTo(GOLDEN);
        assertInvalid(() -> codec.decode(foreign));
        assertInvalid(() -> codec.decodeBearer("Bearer " + foreign));
    }

    @Test
    void aGeneratedSecretIsOneOfItsOwn() {
        QueueTokenCodec first = codec("");
        QueueTokenCodec second = codec(" ");

        assertThat(first.decode(first.encode(TOKEN))).isEqualTo(TOKEN);
        assertInvalid(() -> second.decode(first.encode(TOKEN)));
        assertInvalid(() -> codec.decode(first.encode(TOKEN)));
    }

    @Test
    void everyChangeOfOneSignatureCharacterIsRefused() {
        int signatureStart = GOLDEN.lastIndexOf('.') + 1;
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = signatureStart; i < GOLDEN.length(); i++) {
            for (char c : new char[]{alphabet.charAt((alphabet.indexOf(GOLDEN.charAt(i)) + 1) % 64), '=', '+', '/'}) {
                String tampered = GOLDEN.substring(0, i) + c + GOLDEN.substring(i + 1);
                assertInvalid(() -> codec.decode(tampered));
            }
        }
    }

    @Test
    void aChangedPayloadWithTheOldSignatureIsRefused() {
        String signature = GOLDEN.substring(GOLDEN.lastIndexOf('.'));
        for (String payload : new String[]{"12.35.k3x9q0a", "13.34.k3x9q0a", "12.34.k3x9q0b", "012.34.k3x9q0a",
                "12.34.k3x9q0", "12.34.k3x9q0a.", "21.43.k3x9q0a"}) {
            assertInvalid(() -> codec.decode(payload + signature));
        }
    }

    @Test
    void everyTruncationIsRefused() {
        for (int length = 0; length < GOLDEN.length(); length++) {
            String truncated = GOLDEN.substring(0, length);
            assertInvalid(() -> codec.decode(truncated));
            assertInvalid(() -> codec.decodeBearer("Bearer " + truncated));
        }
        assertInvalid(() -> codec.decode(GOLDEN.substring(1)));
        assertInvalid(() -> codec.decode(GOLDEN + "A"));
        assertInvalid(() -> codec.decode(GOLDEN + "="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", "....", "garbage", "a.b.c.d", "1.1.abc.", "1.1.abc.notasignature",
            "12,34,k3x9q0a,dod5-UqnB-VE2JeO9R5KA6_zdqvX41M2jofMxEx-uA8", "12.34.k3x9q0a dod5-UqnB-VE2JeO9R5KA6_zdqvX41M2jofMxEx-uA8",
            ".dod5-UqnB-VE2JeO9R5KA6_zdqvX41M2jofMxEx-uA8", "대기열.토큰", "😀", "\u0000", "null", "12.34.k3x9q0a.\u0000"})
    void garbageIsRefused(String garbage) {
        assertInvalid(() -> codec.decode(garbage));
        assertInvalid(() -> codec.decodeBearer("Bearer " + garbage));
    }

    @Test
    void aSignedPayloadThatNamesNoUserConcertAndEntryIsRefused() throws GeneralSecurityException {
        for (String payload : new String[]{"12.34.", "12.34", "12", ".34.k3x9q0a", "12..k3x9q0a", "x.34.k3x9q0a",
                "12.y.k3x9q0a", "12.34x.k3x9q0a", "99999999999999999999.34.k3x9q0a", "12.99999999999999999999.k3x9q0a",
                "1 2.34.k3x9q0a", "-.34.k3x9q0a"}) {
            String signed = signedByHand(payload);
            assertInvalid(() -> codec.decode(signed));
        }
        // What it does take: the entry is everything after the second dot.
        assertThat(codec.decode(signedByHand("12.34.a.b"))).isEqualTo(new QueueToken(12, 34, "a.b"));
        // And numbers as Long.parseLong reads them (a sign, other scripts' digits): harmless, since only
        // this service signs, and it writes plain ASCII digits.
        assertThat(codec.decode(signedByHand("+12.34.k3x9q0a"))).isEqualTo(TOKEN);
        assertThat(codec.decode(signedByHand("\uff11\uff12.34.k3x9q0a"))).isEqualTo(TOKEN);
    }

    @Test
    void aTokenLongerThan160CharactersIsRefusedUnread() throws GeneralSecurityException {
        String prefix = "12.34.";
        int signatureLength = 44; // the dot and 43 characters of base64url
        String fits = prefix + "e".repeat(160 - prefix.length() - signatureLength);
        String tooLong = prefix + "e".repeat(161 - prefix.length() - signatureLength);

        assertThat(signedByHand(fits)).hasSize(160);
        assertThat(codec.decode(signedByHand(fits))).isEqualTo(new QueueToken(12, 34, fits.substring(prefix.length())));
        String signedTooLong = signedByHand(tooLong);
        assertThat(signedTooLong).hasSize(161);
        assertInvalid(() -> codec.decode(signedTooLong));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer    ", "Basic " + GOLDEN, "Bearer" + GOLDEN, GOLDEN, "Token " + GOLDEN,
            " Bearer " + GOLDEN, "Bearer: " + GOLDEN, "Bearer " + GOLDEN + " " + GOLDEN})
    void anAuthorizationThatIsNotOurBearerTokenIsRefused(String authorization) {
        assertInvalid(() -> codec.decodeBearer(authorization));
    }

    @Test
    void aTokenThatPassedOnceDoesNotOpenTheDoorToItsNeighbours() {
        assertThat(codec.decodeBearer("Bearer " + GOLDEN)).isEqualTo(TOKEN);
        assertThat(codec.decodeBearer("Bearer " + GOLDEN)).isEqualTo(TOKEN);

        assertInvalid(() -> codec.decodeBearer("Bearer " + GOLDEN + "x"));
        assertInvalid(() -> codec.decodeBearer("Bearer " + GOLDEN.substring(0, GOLDEN.length() - 1)));
        assertInvalid(() -> codec.decodeBearer("Bearer " + GOLDEN.replace("12.34.", "12.35.")));
        assertThat(codec.decodeBearer("Bearer " + GOLDEN)).isEqualTo(TOKEN);
    }

    @Test
    void newEntryIdsAreShortBase36AndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = QueueTokenCodec.newTokenId();
            assertThat(id).matches("[0-9a-z]{1,13}");
            assertThat(Long.parseLong(id, 36)).isNotNegative();
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void theTokensCarryNoExpiryTheirStatusLivesInRedis() {
        // Nothing in the token ages: a token decodes the same however old it is (its pass expires in Redis).
        QueueTokenCodec later = codec(SECRET);

        assertThat(later.decode(GOLDEN)).isEqualTo(TOKEN);
        assertThat(GOLDEN.split("\\.")).hasSize(4);
    }
}
