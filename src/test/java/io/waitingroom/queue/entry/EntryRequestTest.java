package io.waitingroom.queue.entry;

import java.nio.charset.StandardCharsets;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry's body read by the streaming parser: what it takes, and what it refuses with 400 INVALID_REQUEST. */
class EntryRequestTest {

    private static final String NOT_AN_OBJECT = "the body must be a JSON object";
    private static final String NOT_A_CONCERT = "concertId: must be a positive number";
    private static final String NOT_JSON = "the body is not valid JSON";
    private static final String TRAILING = "nothing may follow the JSON object";

    private static long concertIdOf(String body) {
        return EntryRequest.parse(body.getBytes(StandardCharsets.UTF_8)).concertId();
    }

    private static void assertRefused(byte[] body, String detail) {
        assertThatThrownBy(() -> EntryRequest.parse(body))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.INVALID_REQUEST);
                    assertThat(problem.getMessage()).isEqualTo(detail);
                });
    }

    private static void assertRefused(String body, String detail) {
        assertRefused(body.getBytes(StandardCharsets.UTF_8), detail);
    }

    @Test
    void theContractsBodyIsRead() {
        assertThat(concertIdOf("{\"concertId\":1}")).isEqualTo(1);
        assertThat(concertIdOf("{\"concertId\":42}")).isEqualTo(42);
        assertThat(concertIdOf("{\"concertId\":9223372036854775807}")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void whitespaceAnywhereJsonAllowsItIsFine() {
        assertThat(concertIdOf(" \t\r\n{ \n\t\"concertId\" \r\n:\t 7 \n} \n\t ")).isEqualTo(7);
        assertThat(concertIdOf("{\"concertId\":7}\n")).isEqualTo(7);
    }

    @Test
    void unknownFieldsOfAnyShapeAreSkipped() {
        assertThat(concertIdOf("{\"a\":1,\"concertId\":3,\"z\":\"x\"}")).isEqualTo(3);
        assertThat(concertIdOf("{\"nested\":{\"concertId\":99,\"deeper\":[1,2,{\"concertId\":98}]},\"concertId\":3}")).isEqualTo(3);
        assertThat(concertIdOf("{\"concertId\":3,\"list\":[[],{},null,true,false,1.5e3,\"s\"]}")).isEqualTo(3);
        assertThat(concertIdOf("{\"concertid\":5,\"ConcertId\":6,\"concertId\":3}")).as("names are case-sensitive").isEqualTo(3);
    }

    @Test
    void escapesInNamesAndStringsAreUnderstood() {
        assertThat(concertIdOf("{\"concert\\u0049d\":5}")).as("an escaped name is the same name").isEqualTo(5);
        assertThat(concertIdOf("{\"note\":\"\\\"quoted\\\" \\\\ \\/ \\n \\t \\u0001 \\u00e9 \\ud83d\\ude00\",\"concertId\":9}")).isEqualTo(9);
        assertThat(concertIdOf("{\"메모\":\"대기열 😀\",\"concertId\":11}")).isEqualTo(11);
        assertThat(concertIdOf("{\"concertId\\n\":1,\"concertId\":12}")).isEqualTo(12);
    }

    @Test
    void theLastOfRepeatedConcertIdsCounts() {
        assertThat(concertIdOf("{\"concertId\":1,\"concertId\":2}")).isEqualTo(2);
        assertRefused("{\"concertId\":1,\"concertId\":0}", NOT_A_CONCERT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n", "[]", "[{\"concertId\":1}]", "\"concertId\"", "1", "null", "true"})
    void aBodyThatIsNotAnObjectIsRefused(String body) {
        assertRefused(body, NOT_AN_OBJECT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"other\":1}",
            "{\"concertId\":0}",
            "{\"concertId\":-1}",
            "{\"concertId\":-9223372036854775808}",
            "{\"concertId\":9223372036854775808}",
            "{\"concertId\":123456789012345678901234567890}",
            "{\"concertId\":1.0}",
            "{\"concertId\":1.5}",
            "{\"concertId\":1e3}",
            "{\"concertId\":\"1\"}",
            "{\"concertId\":null}",
            "{\"concertId\":true}",
            "{\"concertId\":[1]}",
            "{\"concertId\":{\"value\":1}}",
    })
    void anythingButAPositiveWholeConcertIdIsRefused(String body) {
        assertRefused(body, NOT_A_CONCERT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{",
            "{\"concertId\":1",
            "{\"concertId\":1,",
            "{\"concertId\":",
            "{\"concertId\"",
            "{\"concert",
            "{\"concertId\":}",
            "{\"concertId\":1,}",
            "{,\"concertId\":1}",
            "{\"concertId\" 1}",
            "{\"concertId\":1 \"x\":2}",
            "{concertId:1}",
            "{'concertId':1}",
            "{\"concertId\":01}",
            "{\"concertId\":+1}",
            "{\"concertId\":0x10}",
            "{\"concertId\":NaN}",
            "{\"concertId\":1}x",
            "{\"concertId\":1}]",
            "/* comment */{\"concertId\":1}",
            "{\"concertId\":1 // comment\n}",
            "{\"note\":\"unterminated,\"concertId\":1}",
            "{\"note\":\"bad \\x escape\",\"concertId\":1}",
            "{\"note\":\"raw\ncontrol\",\"concertId\":1}",
            "{\"note\":\"short \\u12 escape\",\"concertId\":1}",
            "{\"deep\":[1,2,{\"x\":}],\"concertId\":1}",
    })
    void malformedJsonIsRefused(String body) {
        assertRefused(body, NOT_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"concertId\":1}{}",
            "{\"concertId\":1} {\"concertId\":2}",
            "{\"concertId\":1}\n[]",
            "{\"concertId\":1} 2",
            "{\"concertId\":1} \"x\"",
    })
    void nothingMayFollowTheObject(String body) {
        assertRefused(body, TRAILING);
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] invalidUtf8InAString = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', ',',
                '"', 'c', 'o', 'n', 'c', 'e', 'r', 't', 'I', 'd', '"', ':', '1', '}'};
        assertRefused(invalidUtf8InAString, NOT_JSON);
        assertRefused(new byte[]{'{', (byte) 0x80, '}'}, NOT_JSON);
        assertRefused(new byte[]{0, 0, 0}, NOT_JSON);
    }

    @Test
    void aConcertIdIsReadFromTheBodyGivenNotAnEarlierOne() {
        assertThat(EntryRequest.parse("{\"concertId\":5}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EntryRequest(5));
        assertThat(EntryRequest.parse("{\"concertId\":6}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EntryRequest(6));
    }
}
