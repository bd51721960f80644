package io.waitingroom.bench;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/** Benchmark only: the /bench/bare/ references run without the HTTP observation, as in an app without actuator. */
@Profile("bench")
@Configuration(proxyBeanMethods = false)
class BareReferences {

    @Bean
    ObservationPredicate noObservationOnBareReferences() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier().getPath().value().startsWith("/bench/bare/"));
    }
}
