package io.waitingroom.queue.position;

import java.time.Instant;

import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueSnapshots.LineSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ETA model on its own: what it tells for a given state of the line. */
class WaitForecastTest {

    private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

    private static QueueSettings settings(int admitPerTick, long tickMillis, int maxActive) {
        return new QueueSettings(admitPerTick, tickMillis, maxActive, 1800, false, null);
    }

    private static LineSnapshot line(QueueSettings settings, long active, double endRatePerActive, double pace) {
        return new LineSnapshot(settings, 1000, active, 0, 0, endRatePerActive, pace, Double.NaN,
                io.waitingroom.queue.SeatsLeft.UNKNOWN);
    }

    private static long eta(long rank, LineSnapshot line) {
        return WaitForecast.etaSeconds(rank, line, NOW).orElseThrow();
    }

    @Test
    void withFreeSlotsTheLineMovesAtTheSettingsPace() {
        LineSnapshot line = line(settings(5, 1000, 100_000), 0, Double.NaN, Double.NaN);

        assertThat(eta(50, line)).isEqualTo(10); // 10 ticks, the first half a tick away: 9.5 s
        assertThat(eta(500, line)).isEqualTo(100);
        assertThat(eta(1, line)).isEqualTo(1);
    }

    @Test
    void aSettingsChangeCountsAtOnce() {
        LineSnapshot before = line(settings(10, 1000, 100_000), 0, Double.NaN, Double.NaN);
        LineSnapshot after = line(settings(3, 1000, 100_000), 0, Double.NaN, Double.NaN);

        assertThat(eta(300, before)).isEqualTo(30);
        assertThat(eta(300, after)).isEqualTo(100);
    }

    @Test
    void ticksThatRunLateSlowTheForecastDown() {
        LineSnapshot onTime = line(settings(5, 200, 100_000), 0, Double.NaN, 1.0);
        LineSnapshot late = line(settings(5, 200, 100_000), 0, Double.NaN, 1 / 1.5);

        assertThat(eta(250, onTime)).isEqualTo(10);
        assertThat(eta(250, late)).isEqualTo(15);
    }

    @Test
    void whenMaxActiveBindsTheLineMovesAsFastAsPassesEnd() {
        // 20 passes out, each ending at 0.25 per second: 5 admissions per second, not the 25 the settings allow.
        LineSnapshot line = line(settings(5, 200, 20), 20, 0.25, 1.0);

        assertThat(eta(50, line)).isEqualTo(10);
        assertThat(eta(100, line)).isEqualTo(20);
    }

    @Test
    void freeSlotsFillAtTheSettingsPaceBeforeTheEndRateTakesOver() {
        LineSnapshot line = line(settings(5, 200, 30), 20, 0.25, 1.0);

        // 10 free: two ticks (0.3 s); then 40 more at 30 x 0.25 = 7.5 per second.
        assertThat(eta(50, line)).isEqualTo(6);
    }

    @Test
    void raisingMaxActiveScalesTheEndRateWithIt() {
        LineSnapshot at20 = line(settings(5, 200, 20), 20, 0.25, 1.0);
        LineSnapshot at40 = line(settings(5, 200, 40), 20, 0.25, 1.0);

        assertThat(eta(200, at20)).isEqualTo(40);
        assertThat(eta(200, at40)).isLessThan(25);
    }

    @Test
    void loweringMaxActiveBelowThePassesOutWaitsForTheSurplusToEndFirst() {
        LineSnapshot line = line(settings(5, 200, 10), 20, 0.25, 1.0);

        // 10 surplus passes end at 20 x 0.25 = 5 per second (2 s), then 2.5 per second.
        assertThat(eta(10, line)).isEqualTo(6);
    }

    @Test
    void beforeAnyPassHasEndedOnlyExpiryIsCertain() {
        LineSnapshot line = line(settings(5, 200, 20), 20, Double.NaN, Double.NaN);

        // 20 passes of 30 minutes: at least 20 per 1,800 s.
        assertThat(eta(20, line)).isEqualTo(1800);
    }

    @Test
    void aPausedLineOrASaleNotYetOpenPromisesNoTime() {
        QueueSettings paused = new QueueSettings(5, 1000, 100, 1800, true, null);
        QueueSettings later = new QueueSettings(5, 1000, 100, 1800, false, Instant.ofEpochMilli(NOW + 60_000));
        QueueSettings opened = new QueueSettings(5, 1000, 100, 1800, false, Instant.ofEpochMilli(NOW - 1));

        assertThat(WaitForecast.etaSeconds(3, line(paused, 0, Double.NaN, Double.NaN), NOW)).isEmpty();
        assertThat(WaitForecast.etaSeconds(3, line(later, 0, Double.NaN, Double.NaN), NOW)).isEmpty();
        assertThat(WaitForecast.etaSeconds(3, line(opened, 0, Double.NaN, Double.NaN), NOW)).hasValue(1);
    }

    @Test
    void aMeasuredEndRateOfZeroFallsBackToWhatExpiryGuarantees() {
        LineSnapshot zero = line(settings(5, 200, 20), 20, 0.0, 1.0);
        LineSnapshot none = line(settings(5, 200, 20), 20, Double.NaN, 1.0);

        // Nobody has held or left yet: passes still end by expiry, 20 per 1,800 s.
        assertThat(eta(20, zero)).isEqualTo(1800);
        assertThat(eta(20, none)).isEqualTo(1800);
        assertThat(eta(1, zero)).isEqualTo(90);
    }

    @Test
    void aShorterPassMakesTheExpiryFloorFaster() {
        QueueSettings shortPasses = new QueueSettings(5, 200, 20, 60, false, null);

        // 20 passes of one minute: at least 20 a minute.
        assertThat(eta(40, line(shortPasses, 20, Double.NaN, Double.NaN))).isEqualTo(120);
    }

    @Test
    void theEndRateNeverTakesTheLineFasterThanTheSettingsAllow() {
        // Passes end at 10 per active pass a second: 200 a second could be admitted, the settings allow 25.
        LineSnapshot line = line(settings(5, 200, 20), 20, 10.0, 1.0);

        assertThat(eta(100, line)).isEqualTo(4);
        assertThat(eta(1000, line)).isEqualTo(40);
    }

    @Test
    void beforeAnyTickHasBeenTimedTicksAreTakenToKeepTime() {
        LineSnapshot unmeasured = line(settings(5, 200, 100_000), 0, Double.NaN, Double.NaN);
        LineSnapshot onTime = line(settings(5, 200, 100_000), 0, Double.NaN, 1.0);

        assertThat(eta(250, unmeasured)).isEqualTo(10);
        assertThat(eta(250, unmeasured)).isEqualTo(eta(250, onTime));
    }

    @Test
    void ticksAreNeverTakenToComeFasterThanTheirSetting() {
        // A pace above 1 (a burst of ticks catching up) counts as 1: the fence never lets ticks come early.
        LineSnapshot catchingUp = line(settings(5, 200, 100_000), 0, Double.NaN, 3.0);

        assertThat(eta(250, catchingUp)).isEqualTo(10);
    }

    @Test
    void aStalledSchedulerSlowsTheForecastByAtMostTwentyTimes() {
        LineSnapshot crawling = line(settings(5, 200, 100_000), 0, Double.NaN, 0.05);
        LineSnapshot stalled = line(settings(5, 200, 100_000), 0, Double.NaN, 0.0001);
        LineSnapshot halfSpeed = line(settings(5, 200, 100_000), 0, Double.NaN, 0.5);

        // 49.5 ticks of 200 ms at a twentieth of the pace: 198 s.
        assertThat(eta(250, crawling)).isEqualTo(198);
        assertThat(eta(250, stalled)).isEqualTo(198);
        assertThat(eta(250, halfSpeed)).isEqualTo(20);
    }

    @Test
    void aTickThatAdmitsPartOfItsBatchStillCountsAsAWholeTick() {
        LineSnapshot line = line(settings(5, 1000, 100_000), 0, Double.NaN, Double.NaN);

        // Ranks 6..10 go in the second tick: 1.5 ticks on average, rounded to 2 s.
        assertThat(eta(6, line)).isEqualTo(2);
        assertThat(eta(10, line)).isEqualTo(2);
        assertThat(eta(11, line)).isEqualTo(3);
        assertThat(eta(5, line)).isEqualTo(1);
    }

    @Test
    void theForecastIsNeverBelowOneSecond() {
        LineSnapshot fast = line(settings(100_000, 100, 10_000_000), 0, Double.NaN, 1.0);

        assertThat(eta(1, fast)).isEqualTo(1);
        assertThat(eta(100_000, fast)).isEqualTo(1);
        assertThat(eta(0, fast)).as("not a real rank, still a second").isEqualTo(1);
    }

    @Test
    void exactlyFullIsNotOverfull() {
        // 20 out, 20 allowed: no surplus to wait for, only the end rate of 20 x 0.25 = 5 a second.
        LineSnapshot full = line(settings(5, 200, 20), 20, 0.25, 1.0);

        assertThat(eta(1, full)).isEqualTo(1);
        assertThat(eta(5, full)).isEqualTo(1);
        assertThat(eta(6, full)).isEqualTo(1);
        assertThat(eta(8, full)).isEqualTo(2);
    }

    @Test
    void aSurplusBeforeAnyPassHasEndedWaitsForExpiry() {
        LineSnapshot line = line(settings(5, 200, 10), 20, Double.NaN, Double.NaN);

        // 10 surplus passes at 20 / 1,800 s (900 s), then 10 at 10 / 1,800 s (1,800 s).
        assertThat(eta(10, line)).isEqualTo(2700);
    }

    @Test
    void theSaleOpensAtItsStartTimeExactly() {
        QueueSettings opening = new QueueSettings(5, 1000, 100, 1800, false, Instant.ofEpochMilli(NOW));
        QueueSettings aMillisecondLater = new QueueSettings(5, 1000, 100, 1800, false, Instant.ofEpochMilli(NOW + 1));

        assertThat(WaitForecast.etaSeconds(3, line(opening, 0, Double.NaN, Double.NaN), NOW)).hasValue(1);
        assertThat(WaitForecast.etaSeconds(3, line(aMillisecondLater, 0, Double.NaN, Double.NaN), NOW)).isEmpty();
    }

    @Test
    void aPausedLinePromisesNoTimeWhateverItsState() {
        QueueSettings paused = new QueueSettings(5, 200, 20, 1800, true, Instant.ofEpochMilli(NOW - 60_000));

        assertThat(WaitForecast.etaSeconds(1, line(paused, 0, 0.25, 1.0), NOW)).isEmpty();
        assertThat(WaitForecast.etaSeconds(1_000_000, line(paused, 40, 0.25, 1.0), NOW)).isEmpty();
    }
}
