package io.waitingroom.support;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Many requests in flight at once (WebTestClient waits for each exchange), each answer kept as status and body. */
public final class ManyClients {

    private static final Duration ALL_ANSWERED = Duration.ofSeconds(120);
    /**
     * Kept-alive connections are not reused after a second idle. The server closes idle ones after
     * its idle timeout (2 s in some tests, 65 s by default, and a browser test can sit idle longer);
     * a request written onto one it has just closed is answered by the kernel with a reset
     * ("Connection reset by peer" in a test's set-up burst). The default pool would reuse it.
     * Otherwise as Reactor Netty's default pool: up to 500 connections, 1,000 waiting for one (a
     * small pool would hold racers that wait on each other behind those that cannot finish).
     */
    private static final ConnectionProvider CONNECTIONS = ConnectionProvider.builder("many-clients")
            .maxConnections(500)
            .pendingAcquireMaxCount(1000)
            .maxIdleTime(Duration.ofSeconds(1))
            .evictInBackground(Duration.ofSeconds(1))
            .build();

    private ManyClients() {
    }

    public static WebClient to(int port) {
        return WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(CONNECTIONS)))
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
