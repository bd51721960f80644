package io.waitingroom.queue.position;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.token.QueueToken;
import io.waitingroom.queue.token.QueueTokenCodec;
import io.waitingroom.support.WaitingRoomPropertiesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poll and entry answers, written by hand: the exact bytes of each kind of answer, and the
 * same tree Jackson makes of the same {@link PositionView} (names, types, nulls, the optional
 * {@code activeUntil}) as docs/api.md describes it.
 */
class PositionJsonTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    private static final Instant SALE = Instant.parse("2026-11-25T11:00:00Z");
    private static final Instant LATER_SALE = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant ACTIVE_UNTIL = Instant.parse("2026-11-25T12:30:00.123Z");

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("waiting, with rank, ETA and poll hint",
                        new PositionView(QueueStatus.WAITING, 42L, 41L, 11L, 2750, null, false, false, null, Availability.AVAILABLE),
                        "{\"status\":\"WAITING\",\"rank\":42,\"waitingAhead\":41,\"etaSeconds\":11,\"pollAfterMillis\":2750,"
                                + "\"paused\":false,\"preQueue\":false,\"saleOpensAt\":null,\"availability\":\"AVAILABLE\"}"),
                Arguments.of("waiting first in line of a sale that opened",
                        new PositionView(QueueStatus.WAITING, 1L, 0L, 1L, 1000, null, false, false, SALE, Availability.AVAILABLE),
                        "{\"status\":\"WAITING\",\"rank\":1,\"waitingAhead\":0,\"etaSeconds\":1,\"pollAfterMillis\":1000,"
                                + "\"paused\":false,\"preQueue\":false,\"saleOpensAt\":\"2026-11-25T11:00:00Z\",\"availability\":\"AVAILABLE\"}"),
                Arguments.of("waiting in a paused line: no ETA",
                        new PositionView(QueueStatus.WAITING, 7L, 6L, null, 5000, null, true, false, null, Availability.AVAILABLE),
                        "{\"status\":\"WAITING\",\"rank\":7,\"waitingAhead\":6,\"etaSeconds\":null,\"pollAfterMillis\":5000,"
                                + "\"paused\":true,\"preQueue\":false,\"saleOpensAt\":null,\"availability\":\"AVAILABLE\"}"),
                Arguments.of("waiting before the sale: no rank yet",
                        new PositionView(QueueStatus.WAITING, null, null, null, 4321, null, false, true, LATER_SALE, Availability.AVAILABLE),
                        "{\"status\":\"WAITING\",\"rank\":null,\"waitingAhead\":null,\"etaSeconds\":null,\"pollAfterMillis\":4321,"
                                + "\"paused\":false,\"preQueue\":true,\"saleOpensAt\":\"2026-11-25T12:00:00Z\",\"availability\":\"AVAILABLE\"}"),
                Arguments.of("waiting far back, numbers beyond int",
                        new PositionView(QueueStatus.WAITING, 3_000_000_000L, 2_999_999_999L, 86_400_000L, 30000, null, false, false, null, Availability.AVAILABLE),
                        "{\"status\":\"WAITING\",\"rank\":3000000000,\"waitingAhead\":2999999999,\"etaSeconds\":86400000,"
                                + "\"pollAfterMillis\":30000,\"paused\":false,\"preQueue\":false,\"saleOpensAt\":null,\"availability\":\"AVAILABLE\"}"),
                Arguments.of("active, with its end",
                        new PositionView(QueueStatus.ACTIVE, 0L, 0L, 0L, 30000, ACTIVE_UNTIL, false, false, SALE, Availability.AVAILABLE),
                        "{\"status\":\"ACTIVE\",\"rank\":0,\"waitingAhead\":0,\"etaSeconds\":0,\"pollAfterMillis\":30000,"
                                + "\"activeUntil\":\"2026-11-25T12:30:00.123Z\",\"paused\":false,\"preQueue\":false,"
                                + "\"saleOpensAt\":\"2026-11-25T11:00:00Z\",\"availability\":\"AVAILABLE\"}"),
                Arguments.of("active in a paused line, its end on a whole second",
                        new PositionView(QueueStatus.ACTIVE, 0L, 0L, 0L, 30000, Instant.parse("2026-11-25T12:30:00Z"), true, false, null, Availability.AVAILABLE),
                        "{\"status\":\"ACTIVE\",\"rank\":0,\"waitingAhead\":0,\"etaSeconds\":0,\"pollAfterMillis\":30000,"
                                + "\"activeUntil\":\"2026-11-25T12:30:00Z\",\"paused\":true,\"preQueue\":false,\"saleOpensAt\":null,\"availability\":\"AVAILABLE\"}"),
                Arguments.of("expired",
                        new PositionView(QueueStatus.EXPIRED, 0L, 0L, 0L, 0, null, false, false, null, Availability.AVAILABLE),
                        "{\"status\":\"EXPIRED\",\"rank\":0,\"waitingAhead\":0,\"etaSeconds\":0,\"pollAfterMillis\":0,"
                                + "\"paused\":false,\"preQueue\":false,\"saleOpensAt\":null,\"availability\":\"AVAILABLE\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void thePollAnswerIsExactlyTheseBytes(String what, PositionView view, String golden) {
        byte[] json = PositionJson.poll(view);

        assertThat(new String(json, StandardCharsets.US_ASCII)).isEqualTo(golden);
        assertThat(json).isEqualTo(golden.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void thePollAnswerIsTheTreeJacksonMakesOfTheView(String what, PositionView view, String golden) {
        JsonNode handWritten = JACKSON.readTree(PositionJson.poll(view));
        JsonNode jackson = JACKSON.readTree(JACKSON.writeValueAsBytes(view));

        assertThat(handWritten).isEqualTo(jackson);
        List<String> names = List.copyOf(handWritten.propertyNames());
        assertThat(names).isEqualTo(List.copyOf(jackson.propertyNames()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void theFieldsAreThoseOfTheContract(String what, PositionView view, String golden) {
        JsonNode json = JACKSON.readTree(PositionJson.poll(view));

        List<String> contract = view.activeUntil() == null
                ? List.of("status", "rank", "waitingAhead", "etaSeconds", "pollAfterMillis", "paused", "preQueue", "saleOpensAt",
                "availability")
                : List.of("status", "rank", "waitingAhead", "etaSeconds", "pollAfterMillis", "activeUntil", "paused", "preQueue",
                "saleOpensAt", "availability");
        assertThat(List.copyOf(json.propertyNames())).isEqualTo(contract);
        assertThat(json.get("status").isString()).isTrue();
        assertThat(json.get("pollAfterMillis").isIntegralNumber()).isTrue();
        assertThat(json.get("paused").isBoolean()).isTrue();
        assertThat(json.get("preQueue").isBoolean()).isTrue();
        for (String nullable : List.of("rank", "waitingAhead", "etaSeconds")) {
            assertThat(json.get(nullable).isNull() || json.get(nullable).isIntegralNumber()).as(nullable).isTrue();
        }
        for (String time : List.of("saleOpensAt", "activeUntil")) {
            if (json.has(time) && !json.get(time).isNull()) {
                assertThat(Instant.parse(json.get(time).asString())).as(time)
                        .isEqualTo(time.equals("activeUntil") ? view.activeUntil() : view.saleOpensAt());
            }
        }
    }

    @Test
    void theEntryAnswerIsTheTokenFirstThenThePollFields() {
        PositionView view = new PositionView(QueueStatus.WAITING, 42L, 41L, 11L, 2750, null, false, false, null, Availability.AVAILABLE);

        byte[] json = PositionJson.entry("1.7.3kx9q0a.AbC-_9", view);

        assertThat(new String(json, StandardCharsets.US_ASCII)).isEqualTo(
                "{\"token\":\"1.7.3kx9q0a.AbC-_9\",\"status\":\"WAITING\",\"rank\":42,\"waitingAhead\":41,\"etaSeconds\":11,"
                        + "\"pollAfterMillis\":2750,\"paused\":false,\"preQueue\":false,\"saleOpensAt\":null,\"availability\":\"AVAILABLE\"}");
    }

    @Test
    void theEntryAnswerOfAPassCarriesItsEnd() {
        PositionView view = new PositionView(QueueStatus.ACTIVE, 0L, 0L, 0L, 30000, ACTIVE_UNTIL, false, false, SALE, Availability.AVAILABLE);

        byte[] json = PositionJson.entry("2.9.z.sig", view);

        assertThat(new String(json, StandardCharsets.US_ASCII)).isEqualTo(
                "{\"token\":\"2.9.z.sig\",\"status\":\"ACTIVE\",\"rank\":0,\"waitingAhead\":0,\"etaSeconds\":0,"
                        + "\"pollAfterMillis\":30000,\"activeUntil\":\"2026-11-25T12:30:00.123Z\",\"paused\":false,"
                        + "\"preQueue\":false,\"saleOpensAt\":\"2026-11-25T11:00:00Z\",\"availability\":\"AVAILABLE\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void theEntryAnswerIsTheTreeJacksonMakesOfTokenAndView(String what, PositionView view, String golden) {
        String token = "5.123456789.abcxyz0.Zm9vYmFyLV8";
        JsonNode handWritten = JACKSON.readTree(PositionJson.entry(token, view));

        ObjectNode jackson = JACKSON.createObjectNode().put("token", token);
        jackson.setAll((ObjectNode) JACKSON.readTree(JACKSON.writeValueAsBytes(view)));
        assertThat(handWritten).isEqualTo(jackson);
        assertThat(List.copyOf(handWritten.propertyNames())).isEqualTo(List.copyOf(jackson.propertyNames()));
        // The poll answer with the token in front, nothing else.
        assertThat(new String(PositionJson.entry(token, view), StandardCharsets.US_ASCII))
                .isEqualTo("{\"token\":\"" + token + "\"," + golden.substring(1));
    }

    @Test
    void theTokensTheServiceIssuesNeedNoEscaping() {
        // The entry answer writes the token as it is: it is safe only because every token is made of
        // digits, dots and base64url, which this pins down.
        QueueTokenCodec codec = new QueueTokenCodec(WaitingRoomPropertiesFixture.withTokenSecret("a-secret-of-at-least-32-bytes-for-tests"));
        PositionView view = new PositionView(QueueStatus.WAITING, 1L, 0L, 1L, 1000, null, false, false, null, Availability.AVAILABLE);
        for (int i = 0; i < 500; i++) {
            String token = codec.encode(new QueueToken(Long.MAX_VALUE - i, i, QueueTokenCodec.newTokenId()));

            assertThat(token).matches("[0-9A-Za-z._-]+");
            assertThat(JACKSON.readTree(PositionJson.entry(token, view)).get("token").asString()).isEqualTo(token);
        }
    }

    @Test
    void theBytesAreAsciiSoLatinOneAndUtf8AgreeOnThem() {
        for (Arguments answer : answers().toList()) {
            PositionView view = (PositionView) answer.get()[1];
            byte[] json = PositionJson.poll(view);
            for (byte b : json) {
                assertThat(b & 0xff).isLessThan(0x80);
            }
            assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(new String(json, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aViewJacksonReadsBackIsTheSameView() {
        for (Arguments answer : answers().toList()) {
            PositionView view = (PositionView) answer.get()[1];

            assertThat(JACKSON.readValue(PositionJson.poll(view), PositionView.class)).isEqualTo(view);
        }
        assertThat(JACKSON.readValue(PositionJson.poll(
                new PositionView(QueueStatus.WAITING, null, null, null, 4321, null, false, true, LATER_SALE, Availability.AVAILABLE)), Map.class))
                .containsEntry("rank", null).containsEntry("saleOpensAt", "2026-11-25T12:00:00Z");
    }
}
