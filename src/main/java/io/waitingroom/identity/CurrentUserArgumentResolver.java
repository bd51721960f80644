package io.waitingroom.identity;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Resolves {@link CurrentUser @CurrentUser long userId} through {@link Callers}. */
final class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

    private final Callers callers;

    CurrentUserArgumentResolver(Callers callers) {
        this.callers = callers;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        if (!parameter.hasParameterAnnotation(CurrentUser.class)) {
            return false;
        }
        Class<?> type = parameter.getParameterType();
        if (type != long.class && type != Long.class) {
            throw new IllegalStateException("@CurrentUser must be a long: " + parameter);
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        // A Mono<Long> is a Mono<Object> to its reader; the cast spares an operator on every call.
        return (Mono<Object>) (Mono<?>) callers.userId(exchange);
    }
}
