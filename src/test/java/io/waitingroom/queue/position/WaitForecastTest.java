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
        return new LineSnapshot(settings, 1000, active, 0, 0, endRatePerActive, pace, Double.NaN);
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
}
