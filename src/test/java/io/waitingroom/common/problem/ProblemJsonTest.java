package io.waitingroom.common.problem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitingroom.common.problem.ProblemResponses.ProblemJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem+json body, written by hand: its exact bytes, the tree Jackson makes of the same
 * values, and the escaping of whatever text a detail carries (quotes, backslashes, control
 * characters, Korean, emoji).
 */
class ProblemJsonTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    /** The RFC 9457 members and the stable code, in the order the body has them. */
    record Problem(String type, String title, int status, String detail, String code) {
    }

    private static String rendered(ProblemException problem) {
        return new String(ProblemJson.render(problem), StandardCharsets.UTF_8);
    }

    @Test
    void aTokenProblemIsExactlyTheseBytes() {
        ProblemException problem = new ProblemException(ProblemCode.TOKEN_INVALID,
                "The queue token is missing, malformed or not signed by this service");

        assertThat(ProblemJson.render(problem)).isEqualTo(("{\"type\":\"urn:problem:waiting-room:token-invalid\","
                + "\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"The queue token is missing, malformed or not signed by this service\","
                + "\"code\":\"TOKEN_INVALID\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOutageProblemIsExactlyTheseBytesWhateverItsRetryAfter() {
        ProblemException problem = new ProblemException(ProblemCode.QUEUE_UNAVAILABLE,
                "The waiting room is briefly unavailable; retry shortly", 2);

        assertThat(rendered(problem)).isEqualTo("{\"type\":\"urn:problem:waiting-room:queue-unavailable\","
                + "\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"The waiting room is briefly unavailable; retry shortly\",\"code\":\"QUEUE_UNAVAILABLE\"}");
    }

    @Test
    void aProblemWithoutDetailHasAnEmptyOne() {
        assertThat(rendered(new ProblemException(ProblemCode.NOT_FOUND, null))).isEqualTo(
                "{\"type\":\"urn:problem:waiting-room:not-found\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"\",\"code\":\"NOT_FOUND\"}");
    }

    @Test
    void controlCharactersQuotesAndBackslashesAreEscapedAsJsonWants() {
        ProblemException problem = new ProblemException(ProblemCode.INVALID_REQUEST,
                "a\"b\\c/d\ne\rf\tg\u0000h\u0001i\u001fj\u007fk\bl\fm");

        assertThat(rendered(problem)).isEqualTo("{\"type\":\"urn:problem:waiting-room:invalid-request\","
                + "\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"a\\\"b\\\\c/d\\ne\\rf\\tg\\u0000h\\u0001i\\u001fj\u007fk\\u0008l\\u000cm\","
                + "\"code\":\"INVALID_REQUEST\"}");
    }

    @Test
    void koreanAndEmojiAreWrittenAsUtf8() {
        ProblemException problem = new ProblemException(ProblemCode.INVALID_REQUEST, "대기열 😀");

        byte[] body = ProblemJson.render(problem);

        assertThat(rendered(problem)).contains("\"detail\":\"대기열 😀\"");
        assertThat(body).containsSequence("대기열 😀".getBytes(StandardCharsets.UTF_8));
        assertThat(body).containsSequence(new byte[]{(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80});
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "plain",
            "",
            "\"",
            "\\",
            "\\\"",
            "ends with a backslash \\",
            "{\"injected\":true}",
            "\",\"code\":\"FORGED",
            "line one\nline two\r\nline three",
            "tab\there",
            "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000e\u000f\u0010\u001a\u001b\u001c\u001d\u001e\u001f",
            "\u0000",
            "\u007f\u0080\u009f\u00a0",
            "대기열에 들어갈 수 없습니다: \"콘서트\" 없음",
            "😀🎫👩‍👩‍👧 and \uD83C\uDDF0\uD83C\uDDF7",
            "\u2028\u2029 line and paragraph separators",
            "</script><script>alert(1)</script>",
            "C:\\path\\to\\file and /api/v1/queue/tokens/me?x=\"1\"",
            "\uFEFF byte order mark, \uFFFD replacement, \uFFFF non-character",
    })
    void anyDetailIsReadBackByJacksonAsItWas(String detail) {
        ProblemException problem = new ProblemException(ProblemCode.INVALID_REQUEST, detail);

        JsonNode tree = JACKSON.readTree(ProblemJson.render(problem));

        assertThat(tree.get("detail").asString()).isEqualTo(detail);
        assertThat(tree.get("code").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(tree.size()).isEqualTo(5);
        assertThat(tree).isEqualTo(JACKSON.readTree(JACKSON.writeValueAsBytes(new Problem(
                "urn:problem:waiting-room:invalid-request", "Bad Request", 400, detail, "INVALID_REQUEST"))));
    }

    @Test
    void everyCharacterBelowTheFirstSurrogateSurvivesTheRoundTrip() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xD800; c++) {
            all.append(c);
        }
        String detail = all.toString();

        JsonNode tree = JACKSON.readTree(ProblemJson.render(new ProblemException(ProblemCode.INVALID_REQUEST, detail)));

        assertThat(tree.get("detail").asString()).isEqualTo(detail);
    }

    @Test
    void aLoneSurrogateStillGivesValidJson() {
        // Not a character at all (no UTF-8 decoder makes one); the encoder writes '?' for it, and the body stays JSON.
        JsonNode tree = JACKSON.readTree(ProblemJson.render(new ProblemException(ProblemCode.INVALID_REQUEST, "a\uD800b")));

        assertThat(tree.get("detail").asString()).isEqualTo("a?b");
    }

    @ParameterizedTest
    @EnumSource(ProblemCode.class)
    void everyCodeGivesTheTreeJacksonMakesOfTheSameValues(ProblemCode code) {
        String detail = "Detail of " + code.name() + ": \"quoted\" \\ 대기 \n";
        HttpStatus status = code.status();

        String json = rendered(new ProblemException(code, detail));

        JsonNode expected = JACKSON.readTree(JACKSON.writeValueAsBytes(new Problem(
                "urn:problem:waiting-room:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                status.getReasonPhrase(), status.value(), detail, code.name())));
        JsonNode tree = JACKSON.readTree(json);
        assertThat(tree).isEqualTo(expected);
        assertThat(List.copyOf(tree.propertyNames())).containsExactly("type", "title", "status", "detail", "code");
        assertThat(tree.get("status").isInt()).isTrue();
        assertThat(json).startsWith("{\"type\":\"urn:problem:waiting-room:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\"");
        assertThat(json).endsWith("\",\"code\":\"" + code.name() + "\"}");
    }

    @Test
    void theResponseCarriesTheBodyAsProblemJsonWithItsStatusAndRetryAfter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProblemResponses responses = new ProblemResponses(registry);
        MockServerHttpResponse response = new MockServerHttpResponse();
        ProblemException problem = new ProblemException(ProblemCode.QUEUE_UNAVAILABLE, "briefly \"down\"", 2);

        responses.write(response, problem).block();

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(response.getBodyAsString().block()).isEqualTo("{\"type\":\"urn:problem:waiting-room:queue-unavailable\","
                + "\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"briefly \\\"down\\\"\",\"code\":\"QUEUE_UNAVAILABLE\"}");
        assertThat(registry.get("waiting_room.problems").tag("code", "QUEUE_UNAVAILABLE").counter().count()).isEqualTo(1);
    }

    @Test
    void aKoreanDetailReachesTheWireAsUtf8() {
        ProblemResponses responses = new ProblemResponses(new SimpleMeterRegistry());
        MockServerHttpResponse response = new MockServerHttpResponse();

        responses.write(response, new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "공연 없음 🎫")).block();

        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
        byte[] wire = response.getBody().map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        }).blockFirst();
        assertThat(wire).isEqualTo(("{\"type\":\"urn:problem:waiting-room:concert-not-found\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"공연 없음 🎫\",\"code\":\"CONCERT_NOT_FOUND\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(JACKSON.readTree(wire).get("detail").asString()).isEqualTo("공연 없음 🎫");
    }

    @Test
    void aReasonOfTheWebLayerIsEscapedLikeAnyDetail() {
        ProblemResponses responses = new ProblemResponses(new SimpleMeterRegistry());
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/x"));
        String reason = "Type mismatch for \"concertId\": 'a\\b'\n값";

        responses.handle(exchange, new ServerWebInputException(reason)).block();

        MockServerHttpResponse response = exchange.getResponse();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode tree = JACKSON.readTree(response.getBodyAsString().block());
        assertThat(tree.get("detail").asString()).isEqualTo(reason);
        assertThat(tree.get("code").asString()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void aBareStatusOfTheWebLayerGetsItsPlainCodeAndReasonPhrase() {
        ProblemResponses responses = new ProblemResponses(new SimpleMeterRegistry());
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/nowhere"));

        responses.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND)).block();

        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo(
                "{\"type\":\"urn:problem:waiting-room:not-found\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"Not Found\",\"code\":\"NOT_FOUND\"}");
    }
}
