package io.waitingroom.support;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Many requests in flight at once (WebTestClient waits for each exchange), each answer kept as status and body. */
public final class ManyClients {

    private static final Duration ALL_ANSWERED = Duration.ofSeconds(120);

    private ManyClients() {
    }

    public static WebClient to(int port) {
        return WebClient.builder().baseUrl("http://localhost:" + port)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
                .build();
    }

    /** Fires all requests at once and collects what came back. */
    public static <T> List<T> concurrently(int count, IntFunction<Mono<T>> request) {
        return Flux.range(0, count)
                .flatMap(request::apply, count)
                .collectList()
                .block(ALL_ANSWERED);
    }

    public static Mono<Response> send(WebClient.RequestHeadersSpec<?> spec) {
        return spec.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                .map(body -> new Response(response.statusCode().value(), body)));
    }

    public record Response(int status, String body) {

        public boolean hasCode(String code) {
            return body.contains("\"code\":\"" + code + "\"");
        }
    }
}
