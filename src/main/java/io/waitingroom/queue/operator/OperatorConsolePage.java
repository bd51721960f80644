package io.waitingroom.queue.operator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/** The operators' console at {@code /operator}: a static page (static/operator.html) fed by the event stream. */
@Configuration(proxyBeanMethods = false)
class OperatorConsolePage {

    @Bean
    RouterFunction<ServerResponse> operatorConsole(@Value("classpath:/static/operator.html") Resource page) {
        return route(GET("/operator"), request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page));
    }
}
