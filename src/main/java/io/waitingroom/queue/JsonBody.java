package io.waitingroom.queue;

import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyInserter;
import reactor.core.publisher.Mono;

/** A body of bytes already written as JSON, handed to the response as they are (no encoder lookup). */
public final class JsonBody {

    private JsonBody() {
    }

    public static BodyInserter<byte[], ReactiveHttpOutputMessage> of(byte[] json) {
        return (response, context) -> response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }
}
