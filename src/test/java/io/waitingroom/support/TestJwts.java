package io.waitingroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The identity provider of the jwt-mode tests: an RSA key pair made for this JVM, its public key
 * in a temporary PEM file that the service reads through the standard
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, and JWTs good and bad.
 */
public final class TestJwts {

    public static final String PUBLIC_KEY_LOCATION = "spring.security.oauth2.resourceserver.jwt.public-key-location";

    private static final RSAKey PROVIDER_KEY = newKey();
    private static final RSAKey STRANGER_KEY = newKey();
    private static final Path PUBLIC_KEY_FILE = writePublicKey();

    private TestJwts() {
    }

    /** A good JWT for the user: RS256 by the provider's key, sub = the id, ten minutes to live. */
    public static String forUser(long userId) {
        return signed(PROVIDER_KEY, claims -> claims.subject(Long.toString(userId)));
    }

    public static String withSubject(String subject) {
        return signed(PROVIDER_KEY, claims -> claims.subject(subject));
    }

    /** A good JWT for the user, but from another issuer or for another audience (null: none). */
    public static String issuedBy(long userId, String issuer, String audience) {
        return signed(PROVIDER_KEY, claims -> claims.subject(Long.toString(userId)).issuer(issuer).audience(audience));
    }

    /** Expired five minutes ago: past the 60 s of clock skew that is tolerated. */
    public static String expired(long userId) {
        return signed(PROVIDER_KEY, claims -> claims.subject(Long.toString(userId))
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))));
    }

    public static String withoutExpiry(long userId) {
        return signed(PROVIDER_KEY, claims -> claims.subject(Long.toString(userId)).expirationTime(null));
    }

    public static String notYetValid(long userId) {
        return signed(PROVIDER_KEY, claims -> claims.subject(Long.toString(userId))
                .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))));
    }

    /** Well formed and RS256, but by a key the service does not know. */
    public static String signedByAnotherKey(long userId) {
        return signed(STRANGER_KEY, claims -> claims.subject(Long.toString(userId)));
    }

    /** {@code alg: none}: claims without a signature. */
    public static String unsigned(long userId) {
        return new PlainJWT(claims(claims -> claims.subject(Long.toString(userId)))).serialize();
    }

    /** The old algorithm confusion: HS256 with the provider's public key as the HMAC secret. */
    public static String hmacWithThePublicKey(long userId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(c -> c.subject(Long.toString(userId))));
            jwt.sign(new MACSigner(publicKeyPem().getBytes(StandardCharsets.US_ASCII)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good JWT whose payload was swapped for another user's after signing. */
    public static String withSwappedSubject(long signedFor, long claimed) {
        String[] parts = forUser(signedFor).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"" + signedFor + "\"", "\"sub\":\"" + claimed + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static String signed(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims(claims));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("https://id.example.test")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
        customizer.accept(claims);
        return claims.build();
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicKeyPem() {
        try {
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(PROVIDER_KEY.toRSAPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        try {
            Path file = Files.createTempFile("waiting-room-test-idp-", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, publicKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Points the service at this JVM's key file. The jwt-mode start check reads the settings
     * before any initializer runs, so {@link JwtMode} also gives the property a placeholder value
     * that this one overrides.
     */
    public static final class PublicKeyLocation implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testIdentityProvider",
                    Map.of(PUBLIC_KEY_LOCATION, PUBLIC_KEY_FILE.toUri().toString())));
        }
    }
}
