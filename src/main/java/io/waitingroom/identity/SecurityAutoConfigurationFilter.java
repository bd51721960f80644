package io.waitingroom.identity;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Spring Boot's security auto-configuration out of the service, because by default it would
 * lock every endpoint behind a generated password:
 * <ul>
 *   <li>header mode: none of it, so not one security filter or bean exists and the hot paths pay
 *       nothing for having Spring Security on the class path;</li>
 *   <li>jwt mode: only the resource server's, for the JWT decoder made from the standard
 *       {@code spring.security.oauth2.resourceserver.jwt.*} settings. The filter chain is
 *       {@link JwtModeSecurity}'s, reached only through {@link UserScopedSecurityGate}.</li>
 * </ul>
 * Registered in META-INF/spring.factories; Spring Boot consults it before it reads any
 * auto-configuration class.
 */
public final class SecurityAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String BOOT_SECURITY = "org.springframework.boot.security.";
    /**
     * The reactive resource server's auto-configuration and the classes it imports: Spring Boot
     * asks this filter about those too, not only about the auto-configurations themselves.
     */
    private static final String JWT_DECODER = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.";

    private IdentityMode mode = IdentityMode.HEADER;

    @Override
    public void setEnvironment(Environment environment) {
        this.mode = IdentityMode.of(environment);
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] keep = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String name = autoConfigurationClasses[i];
            keep[i] = name == null || !name.startsWith(BOOT_SECURITY) || (mode == IdentityMode.JWT && name.startsWith(JWT_DECODER));
        }
        return keep;
    }
}
