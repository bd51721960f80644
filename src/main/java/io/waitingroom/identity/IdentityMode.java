package io.waitingroom.identity;

import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Who the caller of a user-scoped endpoint is ({@code waiting-room.identity.mode}):
 * <ul>
 *   <li>{@code header} (default): the {@code X-User-Id} header, as set by a trusted gateway or the
 *       embedded demo. No Spring Security at all: not one web filter runs.</li>
 *   <li>{@code jwt}: the {@code sub} of a bearer JWT from the company's identity provider, checked
 *       by Spring Security's OAuth2 resource server; {@code X-User-Id} is ignored.</li>
 * </ul>
 * Read straight from the environment because it decides which auto-configurations exist at all,
 * before any bean can be bound.
 */
public enum IdentityMode {
    HEADER, JWT;

    public static final String PROPERTY = "waiting-room.identity.mode";

    public static IdentityMode of(PropertyResolver environment) {
        String value = environment.getProperty(PROPERTY, "header").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "header", "" -> HEADER;
            case "jwt" -> JWT;
            default -> throw new IllegalStateException(PROPERTY + " must be 'header' or 'jwt', not '" + value + "'");
        };
    }

    /** For configuration that exists only in jwt mode. */
    static final class JwtModeOnly implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()) == JWT;
        }
    }
}
