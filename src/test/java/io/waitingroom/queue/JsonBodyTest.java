package io.waitingroom.queue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserter;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes already written as JSON go to the response as they are: no encoder, no change. */
class JsonBodyTest {

    private static final BodyInserter.Context NO_WRITERS = new BodyInserter.Context() {
        @Override
        public List<HttpMessageWriter<?>> messageWriters() {
            return List.of(); // none needed: the bytes are handed over as they are
        }

        @Override
        public Optional<ServerHttpRequest> serverRequest() {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> hints() {
            return Map.of();
        }
    };

    private static byte[] written(byte[] json) {
        MockServerHttpResponse response = new MockServerHttpResponse();
        JsonBody.of(json).insert(response, NO_WRITERS).block();
        return response.getBody().reduce(new byte[0], (sofar, buffer) -> {
            byte[] bytes = new byte[sofar.length + buffer.readableByteCount()];
            System.arraycopy(sofar, 0, bytes, 0, sofar.length);
            buffer.read(bytes, sofar.length, buffer.readableByteCount());
            return bytes;
        }).block();
    }

    @Test
    void theBytesAreWrittenExactlyAsGiven() {
        byte[] json = "{\"status\":\"WAITING\",\"rank\":1}".getBytes(StandardCharsets.US_ASCII);

        assertThat(written(json)).isEqualTo(json);
    }

    @Test
    void nonAsciiAndEscapesAreNotTouched() {
        byte[] json = "{\"detail\":\"대기 😀 \\\"q\\\" \\u0001\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(written(json)).isEqualTo(json);
    }

    @Test
    void anEmptyBodyStaysEmpty() {
        assertThat(written(new byte[0])).isEmpty();
    }

    @Test
    void theInserterSetsNoHeadersOfItsOwn() {
        MockServerHttpResponse response = new MockServerHttpResponse();

        JsonBody.of("{}".getBytes(StandardCharsets.US_ASCII)).insert(response, NO_WRITERS).block();

        assertThat(response.getHeaders().getContentType()).isNull();
        assertThat(response.getBodyAsString().block()).isEqualTo("{}");
    }
}
