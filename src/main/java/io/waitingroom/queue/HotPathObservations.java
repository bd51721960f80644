package io.waitingroom.queue;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * No full HTTP observation ({@code http.server.requests}) for the two requests a stampede sends:
 * the poll and the entry. It cost them 12-15% of their time; their own timers
 * ({@code waiting_room_poll_seconds}, {@code waiting_room_entry_seconds}, with histograms) and
 * the problem counter keep what operators look at. Every other endpoint keeps its observation.
 */
@Configuration(proxyBeanMethods = false)
class HotPathObservations {

    @Bean
    ObservationPredicate noObservationOnHotPaths() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server && isHot(server.getCarrier()));
    }

    private static boolean isHot(ServerHttpRequest request) {
        HttpMethod method = request.getMethod();
        String path = request.getPath().value();
        return (method == HttpMethod.GET && QueuePaths.MINE.equals(path)) || (method == HttpMethod.POST && QueuePaths.TOKENS.equals(path));
    }
}
