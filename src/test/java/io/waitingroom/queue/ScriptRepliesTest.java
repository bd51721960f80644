package io.waitingroom.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each script's reply, as Lettuce hands it over (integers as Long, text as String), decoded by its record. */
class ScriptRepliesTest {

    @Test
    void anEntryReplyIsAPlaceWaitingOrActive() {
        assertThat(EntryReply.from(List.of(1L, "t1", 3L, 0L, 1L, 0L)))
                .isEqualTo(new EntryReply.Place(QueueStatus.WAITING, "t1", 3, 0, true, false));
        assertThat(EntryReply.from(List.of(1L, "t1", 5L, 0L, 0L, 1L)))
                .isEqualTo(new EntryReply.Place(QueueStatus.WAITING, "t1", 5, 0, false, true));
        // The pass expiry comes back as ZSCORE gave it: text.
        assertThat(EntryReply.from(List.of(2L, "p1", 0L, "1700000060000", 0L, 0L)))
                .isEqualTo(new EntryReply.Place(QueueStatus.ACTIVE, "p1", 0, 1_700_000_060_000L, false, false));
    }

    @Test
    void anEntryReplyStartingWithZeroIsARefusalByTheUserOrTheAddressLimit() {
        assertThat(EntryReply.from(List.of(0L, 1500L, 1L))).isEqualTo(new EntryReply.Refused(1500, false));
        assertThat(EntryReply.from(List.of(0L, 250L, 2L))).isEqualTo(new EntryReply.Refused(250, true));
    }

    @Test
    void aPollReplyIsTheRankMinusThePassExpiryOrZero() {
        assertThat(PollReply.from(4)).isEqualTo(new PollReply(QueueStatus.WAITING, 4, 0));
        assertThat(PollReply.from(-1_700_000_060_000L)).isEqualTo(new PollReply(QueueStatus.ACTIVE, 0, 1_700_000_060_000L));
        assertThat(PollReply.from(0)).isEqualTo(new PollReply(QueueStatus.EXPIRED, 0, 0));
    }

    @Test
    void aTickReplyNamesEachSlotAndCorrectsTheAveragesByTheirWeights() {
        TickReply tick = TickReply.from(List.of(3L, 40L, 7L, 12L, 5L, 1000L, 100L, 300L, 0L, 1_700_000_000_000L, 9L,
                "0.02", "0.5", "0.9", "0.75", "1.5", "0.25", "0.5", 2L, 0L, 3L, 17L));

        assertThat(tick.admitted()).isEqualTo(3);
        assertThat(tick.waiting()).isEqualTo(40);
        assertThat(tick.active()).isEqualTo(7);
        assertThat(tick.admittedInWindow()).isEqualTo(12);
        assertThat(tick.settings()).isEqualTo(new QueueSettings(5, 1000, 100, 300, false, Instant.ofEpochMilli(1_700_000_000_000L), 0.5));
        assertThat(tick.preQueue()).isEqualTo(9);
        assertThat(tick.seats()).isEqualTo(new SeatsLeft(Availability.ALL_HELD, 0L, 3L, 17L));
        assertThat(tick.endRatePerActive()).isCloseTo(0.04, within(1e-12));
        assertThat(tick.pace()).isCloseTo(1.2, within(1e-12));
        assertThat(tick.admissionsPerSecond()).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void aTickReplyOfAnOpenPausedLineWithNothingMeasuredYet() {
        TickReply tick = TickReply.from(List.of(0L, 2L, 0L, 0L, 1L, 500L, 50L, 30L, 1L, 0L, 0L,
                "0", "0", "0", "0", "0", "0", "1", 0L, -1L, -1L, -1L));

        assertThat(tick.settings()).isEqualTo(new QueueSettings(1, 500, 50, 30, true, null));
        assertThat(tick.seats()).as("no inventory counted yet").isEqualTo(SeatsLeft.UNKNOWN);
        assertThat(tick.endRatePerActive()).isNaN();
        assertThat(tick.pace()).isNaN();
        assertThat(tick.admissionsPerSecond()).isNaN();
    }

    @Test
    void aStatsReplyKeepsOnlyTheOverriddenSettingsAndAlwaysTheSaleStartInForce() {
        assertThat(StatsReply.from(List.of(5L, 2L, 9L, 1L, "7", "", "3", "", "1", 0L)))
                .isEqualTo(new StatsReply(5, 2, 9, 1,
                        Map.of("admitPerTick", "7", "maxActive", "3", "paused", "1", "saleOpensAt", "")));
        assertThat(StatsReply.from(List.of(0L, 0L, 0L, 4L, "", "2000", "", "120", "", 1_700_000_000_000L)))
                .isEqualTo(new StatsReply(0, 0, 0, 4,
                        Map.of("tickMillis", "2000", "activeTtlSeconds", "120", "saleOpensAt", "1700000000000")));
    }

    @Test
    void aStatsReplyLaidOverTheDefaultsGivesTheSettingsInForce() {
        QueueSettings defaults = new QueueSettings(10, 1000, 500, 600, false, Instant.ofEpochMilli(1_700_000_000_000L));

        StatsReply opened = StatsReply.from(List.of(0L, 0L, 0L, 0L, "7", "", "", "", "1", 0L));

        assertThat(defaults.withOverrides(opened.overrides()))
                .isEqualTo(new QueueSettings(7, 1000, 500, 600, true, null));
    }
}
