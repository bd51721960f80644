package io.waitingroom.queue.position;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.TickReply;
import io.waitingroom.queue.WaitingRoomProperties;
import io.waitingroom.support.WaitingRoomPropertiesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a waiter is told and when to ask again ({@link PositionViews}), for a line in a given
 * state, with the default hints (min-poll-after 1 s, max-poll-after 30 s, paused-poll-after 5 s,
 * pre-queue-spread 5 s) unless a test sets its own.
 */
class PollHintTest {

    private static final long CONCERT = 1;
    private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    /** One admitted per one-second tick and room for everybody: the ETA of rank k is k seconds. */
    private static final QueueSettings ONE_A_SECOND = new QueueSettings(1, 1000, 10_000_000, 1800, false, null);

    private static PositionViews views(QueueSettings settings) {
        return views(settings, Map.of());
    }

    private static PositionViews views(QueueSettings settings, Map<String, String> properties) {
        WaitingRoomProperties configured = WaitingRoomPropertiesFixture.with(properties);
        QueueSnapshots snapshots = new QueueSnapshots(configured);
        snapshots.applySettings(CONCERT, settings);
        return new PositionViews(snapshots, configured, CLOCK);
    }

    @ParameterizedTest(name = "rank {0}: ETA {1} s, ask again in {2} ms")
    @CsvSource({
            "1, 1, 1000",     // a quarter of a second, raised to min-poll-after
            "3, 3, 1000",
            "4, 4, 1000",     // exactly min-poll-after
            "5, 5, 1250",     // from here a quarter of the ETA
            "40, 40, 10000",
            "119, 119, 29750",
            "120, 120, 30000", // exactly max-poll-after
            "121, 121, 30000", // from here max-poll-after
            "1000000, 1000000, 30000",
    })
    void farBackAsksRarelyNearTheFrontOften(long rank, long eta, long pollAfter) {
        PositionView view = views(ONE_A_SECOND).waiting(CONCERT, "abc", rank, false);

        assertThat(view).isEqualTo(new PositionView(QueueStatus.WAITING, rank, rank - 1, eta, pollAfter, null, false, false, null, Availability.AVAILABLE));
    }

    @ParameterizedTest(name = "rank {0}: ask again in {1} ms")
    @CsvSource({"1, 2000", "8, 2000", "9, 2250", "39, 9750", "40, 10000", "41, 10000"})
    void theBoundsAreTheConfiguredOnes(long rank, long pollAfter) {
        PositionViews views = views(ONE_A_SECOND, Map.of("min-poll-after", "2s", "max-poll-after", "10s"));

        assertThat(views.waiting(CONCERT, "abc", rank, false).pollAfterMillis()).isEqualTo(pollAfter);
    }

    @Test
    void theHintFollowsTheLinesRealPaceNotOnlyItsSettings() {
        // maxActive binds: 20 passes out, each ending at 0.25 a second, so 5 admissions a second (ETA 10 s for 50).
        QueueSettings settings = new QueueSettings(5, 200, 20, 1800, false, null);
        WaitingRoomProperties configured = WaitingRoomPropertiesFixture.with(Map.of());
        QueueSnapshots snapshots = new QueueSnapshots(configured);
        snapshots.record(CONCERT, new TickReply(0, 100, 20, 0, settings, 0, 0.25, 1.0, Double.NaN));

        PositionView view = new PositionViews(snapshots, configured, CLOCK).waiting(CONCERT, "abc", 50, false);

        assertThat(view.etaSeconds()).isEqualTo(10);
        assertThat(view.pollAfterMillis()).isEqualTo(2500);
    }

    @Test
    void aPausedLineTellsTheRankButNoTimeAndAsksEveryPausedPollAfter() {
        QueueSettings paused = new QueueSettings(1, 1000, 10_000_000, 1800, true, null);

        assertThat(views(paused).waiting(CONCERT, "abc", 7, false))
                .isEqualTo(new PositionView(QueueStatus.WAITING, 7L, 6L, null, 5000, null, true, false, null, Availability.AVAILABLE));
        assertThat(views(paused).waiting(CONCERT, "abc", 1, false).pollAfterMillis()).as("even at the front").isEqualTo(5000);
        assertThat(views(paused, Map.of("paused-poll-after", "8s")).waiting(CONCERT, "abc", 1_000_000, false).pollAfterMillis())
                .isEqualTo(8000);
    }

    @Test
    void beforeTheSaleEveryoneAimsAtTheStartPlusASpreadOfTheirOwn() {
        Instant start = Instant.ofEpochMilli(NOW + 2000);
        PositionViews views = views(new QueueSettings(1, 1000, 100, 1800, false, start));

        // "abc".hashCode() is 96354: 1354 ms of the 5 s spread.
        assertThat(views.waiting(CONCERT, "abc", 0, true))
                .isEqualTo(new PositionView(QueueStatus.WAITING, null, null, null, 3354, null, false, true, start, Availability.AVAILABLE));
        // "polygenelubricants".hashCode() is Integer.MIN_VALUE: still a spread within 0..5 s (1352 ms).
        assertThat(views.waiting(CONCERT, "polygenelubricants", 0, true).pollAfterMillis()).isEqualTo(3352);
        // The same token aims at the same moment on every poll and every instance.
        assertThat(views.waiting(CONCERT, "abc", 0, true).pollAfterMillis()).isEqualTo(3354);
    }

    @Test
    void beforeTheSaleNoRankIsToldEvenIfOneIsKnown() {
        Instant start = Instant.ofEpochMilli(NOW + 2000);

        PositionView view = views(new QueueSettings(1, 1000, 100, 1800, false, start)).waiting(CONCERT, "abc", 12, false);

        assertThat(view).isEqualTo(new PositionView(QueueStatus.WAITING, null, null, null, 3354, null, false, true, start, Availability.AVAILABLE));
    }

    @Test
    void theAimAtTheStartIsBoundedLikeAnyHint() {
        assertThat(views(new QueueSettings(1, 1000, 100, 1800, false, Instant.ofEpochMilli(NOW + 60_000)))
                .waiting(CONCERT, "abc", 0, true).pollAfterMillis()).as("a start far off").isEqualTo(30_000);
        assertThat(views(new QueueSettings(1, 1000, 100, 1800, false, Instant.ofEpochMilli(NOW + 100)))
                .waiting(CONCERT, "", 0, true).pollAfterMillis()).as("a start 100 ms off, no spread of its own").isEqualTo(1000);
    }

    @Test
    void withoutASpreadEveryoneAimsAtTheStartItself() {
        Instant start = Instant.ofEpochMilli(NOW + 2000);

        PositionViews views = views(new QueueSettings(1, 1000, 100, 1800, false, start), Map.of("pre-queue-spread", "0s"));

        assertThat(views.waiting(CONCERT, "abc", 0, true).pollAfterMillis()).isEqualTo(2000);
        assertThat(views.waiting(CONCERT, "k3x9q0a", 0, true).pollAfterMillis()).isEqualTo(2000);
    }

    @Test
    void anEntryDrawnBeforeTheStartIsStillInThePreQueueOnceItHasOpened() {
        // The sale opened (no start any more) but the entry's place is not drawn yet: only the spread.
        PositionView view = views(ONE_A_SECOND).waiting(CONCERT, "abc", 0, true);

        assertThat(view).isEqualTo(new PositionView(QueueStatus.WAITING, null, null, null, 1354, null, false, true, null, Availability.AVAILABLE));
    }

    @Test
    void aPausedPreQueueAimsAtTheStartAndSaysItIsPaused() {
        Instant start = Instant.ofEpochMilli(NOW + 2000);

        PositionView view = views(new QueueSettings(1, 1000, 100, 1800, true, start)).waiting(CONCERT, "abc", 0, true);

        assertThat(view).isEqualTo(new PositionView(QueueStatus.WAITING, null, null, null, 3354, null, true, true, start, Availability.AVAILABLE));
    }

    @Test
    void aSaleThatOpensThisVeryMillisecondTellsRanks() {
        Instant start = Instant.ofEpochMilli(NOW);

        PositionView view = views(new QueueSettings(1, 1000, 10_000_000, 1800, false, start)).waiting(CONCERT, "abc", 5, false);

        assertThat(view).isEqualTo(new PositionView(QueueStatus.WAITING, 5L, 4L, 5L, 1250, null, false, false, start, Availability.AVAILABLE));
    }

    @Test
    void aPassIsToldItsEndAndAsksAtTheLongestHint() {
        Instant start = Instant.ofEpochMilli(NOW - 60_000);
        long activeUntil = NOW + 1_800_000;

        PositionView view = views(new QueueSettings(1, 1000, 100, 1800, true, start)).active(CONCERT, activeUntil);

        assertThat(view).isEqualTo(new PositionView(QueueStatus.ACTIVE, 0L, 0L, 0L, 30_000, Instant.ofEpochMilli(activeUntil),
                true, false, start, Availability.AVAILABLE));
        assertThat(views(ONE_A_SECOND, Map.of("max-poll-after", "20s")).active(CONCERT, activeUntil).pollAfterMillis())
                .isEqualTo(20_000);
    }

    @Test
    void anExpiredTokenIsToldNotToWait() {
        assertThat(views(ONE_A_SECOND).expired(CONCERT))
                .isEqualTo(new PositionView(QueueStatus.EXPIRED, 0L, 0L, 0L, 0, null, false, false, null, Availability.AVAILABLE));
    }

    @ParameterizedTest(name = "pollAfterMillis {0}: Retry-After {1}")
    @CsvSource({"0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "2750, 3", "5000, 5", "29999, 30", "30000, 30"})
    void retryAfterIsTheHintInWholeSecondsRoundedUpAndAtLeastOne(long pollAfter, long retryAfter) {
        assertThat(new PositionView(QueueStatus.WAITING, 1L, 0L, 1L, pollAfter, null, false, false, null, Availability.AVAILABLE).retryAfterSeconds())
                .isEqualTo(retryAfter);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        Map<String, String> none = new HashMap<>();
        WaitingRoomProperties defaults = WaitingRoomPropertiesFixture.with(none);

        assertThat(defaults.minPollAfter().toMillis()).isEqualTo(1000);
        assertThat(defaults.maxPollAfter().toMillis()).isEqualTo(30_000);
        assertThat(defaults.pausedPollAfter().toMillis()).isEqualTo(5000);
        assertThat(defaults.preQueueSpread().toMillis()).isEqualTo(5000);
    }
}
