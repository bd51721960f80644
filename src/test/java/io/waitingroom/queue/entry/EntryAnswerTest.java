package io.waitingroom.queue.entry;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.position.PositionJson;
import io.waitingroom.queue.position.PositionView;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry answer written by hand has the fields, in the order, that its OpenAPI description names. */
class EntryAnswerTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    @Test
    void theBytesHaveTheFieldsOfTheDescribedAnswer() {
        PositionView pass = new PositionView(QueueStatus.ACTIVE, 0L, 0L, 0L, 30000,
                Instant.parse("2026-11-25T12:30:00Z"), false, false, null, Availability.AVAILABLE);
        JsonNode written = JACKSON.readTree(PositionJson.entry("1.1.a.sig", pass));

        List<String> described = Arrays.stream(EntryEndpoints.TokenIssued.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertThat(List.copyOf(written.propertyNames())).isEqualTo(described);
    }

    @Test
    void aWaitersAnswerLeavesOutOnlyActiveUntil() {
        PositionView waiting = new PositionView(QueueStatus.WAITING, 3L, 2L, 2L, 1000, null, false, false, null, Availability.AVAILABLE);
        JsonNode written = JACKSON.readTree(PositionJson.entry("1.1.a.sig", waiting));

        List<String> described = Arrays.stream(EntryEndpoints.TokenIssued.class.getRecordComponents())
                .map(RecordComponent::getName).filter(name -> !name.equals("activeUntil")).toList();
        assertThat(List.copyOf(written.propertyNames())).isEqualTo(described);
    }
}
