package io.waitingroom.identity;

import java.util.Arrays;
import java.util.Locale;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The OpenAPI document states how each endpoint is called: all four security schemes are
 * described, and each operation requires the one it takes, read from its handler's parameters
 * ({@code @CurrentUser}: the user scheme of this instance's mode; an {@code Authorization}
 * header: the queue pass; {@code X-Admin-Key}: the admin key).
 */
@Configuration(proxyBeanMethods = false)
class IdentityOpenApi {

    static final String USER_JWT = "userJwt";
    static final String USER_ID_HEADER = "userIdHeader";
    static final String QUEUE_PASS = "queuePass";
    static final String ADMIN_KEY = "adminKey";
    private static final String ADMIN_KEY_HEADER = "X-Admin-Key";

    static {
        // The caller is not a request parameter: springdoc must not list it as one.
        SpringDocUtils.getConfig().addAnnotationsToIgnore(CurrentUser.class);
    }

    @Bean
    GlobalOpenApiCustomizer identitySecuritySchemes(Environment environment) {
        IdentityMode mode = IdentityMode.of(environment);
        return openApi -> {
            if (openApi.getInfo() != null) {
                String description = openApi.getInfo().getDescription() == null ? "" : openApi.getInfo().getDescription() + " ";
                openApi.getInfo().setDescription(description + "Identity mode of this instance: `"
                        + mode.name().toLowerCase(Locale.ROOT) + "`. User-scoped operations take "
                        + (mode == IdentityMode.JWT ? "`Authorization: Bearer <JWT>` of the identity provider (scheme userJwt)"
                        : "the `X-User-Id` header set by a trusted gateway (scheme userIdHeader)")
                        + "; the queue-pass operations take `Authorization: Bearer <queue token>` in both modes.");
            }
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(USER_JWT, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("JWT").description("Identity mode `jwt`" + active(mode, IdentityMode.JWT)
                                    + ": an RS256 access token from the identity provider; its `sub` (a positive whole number) "
                                    + "is the user id and `X-User-Id` is ignored. Missing: 401 `AUTHENTICATION_REQUIRED`; "
                                    + "expired, badly signed, `alg: none`, malformed or a `sub` that is no user id: 401 `JWT_INVALID`."))
                    .addSecuritySchemes(USER_ID_HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER).name(UserId.HEADER).description("Identity mode `header`"
                                    + active(mode, IdentityMode.HEADER) + ": the user id as set by a trusted gateway "
                                    + "(or the embedded demo). Missing or not a positive number: 400 `USER_ID_REQUIRED`."))
                    .addSecuritySchemes(QUEUE_PASS, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("queue pass").description("The token of `POST /api/v1/queue/tokens`, signed by the "
                                    + "service and naming its user and concert; the same in both identity modes, no JWT needed. "
                                    + "Forged or malformed: 401 `TOKEN_INVALID`."))
                    .addSecuritySchemes(ADMIN_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER).name(ADMIN_KEY_HEADER)
                            .description("`waiting-room.admin-key`. Missing or wrong: 401 `ADMIN_KEY_REQUIRED`."));
        };
    }

    @Bean
    GlobalOperationCustomizer identityRequirements(Environment environment) {
        String userScheme = IdentityMode.of(environment) == IdentityMode.JWT ? USER_JWT : USER_ID_HEADER;
        return (operation, handler) -> {
            MethodParameter[] parameters = handler.getMethodParameters();
            if (handler.hasMethodAnnotation(ActsForUser.class)
                    || Arrays.stream(parameters).anyMatch(p -> p.hasParameterAnnotation(CurrentUser.class))) {
                operation.addSecurityItem(new SecurityRequirement().addList(userScheme));
            }
            if (Arrays.stream(parameters).anyMatch(p -> isHeader(p, HttpHeaders.AUTHORIZATION))) {
                operation.addSecurityItem(new SecurityRequirement().addList(QUEUE_PASS));
            }
            if (Arrays.stream(parameters).anyMatch(p -> isHeader(p, ADMIN_KEY_HEADER))) {
                operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_KEY));
            }
            return operation;
        };
    }

    private static String active(IdentityMode mode, IdentityMode scheme) {
        return mode == scheme ? " (this instance)" : " (not this instance)";
    }

    private static boolean isHeader(MethodParameter parameter, String name) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        return header != null && (name.equalsIgnoreCase(header.value()) || name.equalsIgnoreCase(header.name()));
    }
}
