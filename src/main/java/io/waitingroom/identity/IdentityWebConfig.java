package io.waitingroom.identity;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

@Configuration(proxyBeanMethods = false)
class IdentityWebConfig implements WebFluxConfigurer {

    private final Callers callers;

    IdentityWebConfig(Callers callers) {
        this.callers = callers;
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CurrentUserArgumentResolver(callers));
    }
}
