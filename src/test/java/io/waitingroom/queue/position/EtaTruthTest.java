package io.waitingroom.queue.position;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.waitingroom.queue.EntryReply;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.admission.AdmissionTick;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ETA model against the real line, on the test's clock: the real tick script measures what
 * the line does, the forecast tells each waiter an ETA every half second, and the test knows
 * exactly when each was admitted. Errors are counted as the issue defines them (real remaining
 * wait >= 5 s, told after >= 10 s of admitting and >= 5 s after any settings change). Everything
 * is driven by the test's clock and a fixed seed, so it measures the same every run; the
 * black-box benchmark over HTTP and real time is src/bench/queue-truth.sh.
 */
class EtaTruthTest extends TestBase {

    private static final long CONCERT = 2;
    private static final long STEP_MILLIS = 100;

    @Autowired
    private WaitingLine line;
    @Autowired
    private AdmissionTick ticks;
    @Autowired
    private QueueSnapshots snapshots;

    private record Errors(double median, double p90, int count) {
    }

    private record Change(double at, Map<String, Object> settings) {
    }

    @Test
    void atAFixedRateTheEtaIsWithinTenPercentAndItsP90WithinTwenty() {
        Errors errors = simulate(Map.of("admitPerTick", 1, "tickMillis", 200, "maxActive", 100_000), 0, 0, List.of());

        assertThat(errors.median()).isLessThanOrEqualTo(0.10);
        assertThat(errors.p90()).isLessThanOrEqualTo(0.20);
    }

    @Test
    void whenMaxActiveBindsTheEtaFollowsHowFastPassesEnd() {
        Errors errors = simulate(Map.of("admitPerTick", 5, "tickMillis", 200, "maxActive", 20), 2, 6, List.of());

        assertThat(errors.median()).isLessThanOrEqualTo(0.15);
        assertThat(errors.p90()).isLessThanOrEqualTo(0.30);
    }

    @Test
    void anOperatorLoweringTheRateCountsForEveryWaiterAtOnce() {
        Errors errors = simulate(Map.of("admitPerTick", 2, "tickMillis", 200, "maxActive", 100_000), 0, 0,
                List.of(new Change(8, Map.of("admitPerTick", 3, "tickMillis", 1000))));

        assertThat(errors.median()).isLessThanOrEqualTo(0.15);
        assertThat(errors.p90()).isLessThanOrEqualTo(0.30);
    }

    @Test
    void anOperatorRaisingTheRateCountsForEveryWaiterAtOnce() {
        Errors errors = simulate(Map.of("admitPerTick", 3, "tickMillis", 1000, "maxActive", 100_000), 0, 0,
                List.of(new Change(8, Map.of("admitPerTick", 2, "tickMillis", 200))));

        assertThat(errors.median()).isLessThanOrEqualTo(0.15);
        assertThat(errors.p90()).isLessThanOrEqualTo(0.30);
    }

    @Test
    void anOperatorRaisingMaxActiveWhileItBindsIsFollowed() {
        Errors errors = simulate(Map.of("admitPerTick", 5, "tickMillis", 200, "maxActive", 15), 2, 6,
                List.of(new Change(8, Map.of("maxActive", 30))));

        assertThat(errors.median()).isLessThanOrEqualTo(0.15);
        assertThat(errors.p90()).isLessThanOrEqualTo(0.30);
    }

    /**
     * 120 waiters in a paused line, then admission starts and 80 more arrive over 24 s. With
     * {@code stayMax > 0} every admitted user gives the pass up after stayMin..stayMax seconds.
     */
    private Errors simulate(Map<String, Object> settings, double stayMin, double stayMax, List<Change> changes) {
        Random random = new Random(7);
        Map<String, Object> paused = new HashMap<>(settings);
        paused.put("paused", true);
        paused.put("activeTtlSeconds", 1800);
        queue.putSettings(CONCERT, paused);

        Deque<Long> waiting = new ArrayDeque<>();
        Map<Long, String> tokenIds = new HashMap<>();
        Map<Long, List<double[]>> told = new HashMap<>();
        Map<Long, Double> admittedAt = new HashMap<>();
        List<double[]> departures = new ArrayList<>(); // {at, user}
        long nextUser = 1;
        for (; nextUser <= 120; nextUser++) {
            enterLine(nextUser, waiting, tokenIds);
        }
        queue.putSettings(CONCERT, Map.of("paused", false));

        List<Double> disturbances = changes.stream().map(Change::at).toList();
        int changeIndex = 0;
        for (long step = 1; !waiting.isEmpty() || nextUser <= 200; step++) {
            assertThat(step).as("the simulated line drains within 5 minutes").isLessThan(3_000);
            double now = step * STEP_MILLIS / 1000.0;
            clock.advance(Duration.ofMillis(STEP_MILLIS));
            if (changeIndex < changes.size() && now >= changes.get(changeIndex).at()) {
                queue.putSettings(CONCERT, changes.get(changeIndex++).settings());
            }
            if (nextUser <= 200 && now >= 2 + (nextUser - 121) * 0.3) {
                long user = nextUser++;
                enterLine(user, waiting, tokenIds);
                record(told, user, now, waiting.size(), 1);
            }
            for (double[] departure : List.copyOf(departures)) {
                if (departure[0] <= now) {
                    long user = (long) departure[1];
                    line.giveUp(CONCERT, user, tokenIds.get(user)).block(Duration.ofSeconds(5));
                    departures.remove(departure);
                }
            }
            long admitted = ticks.run(CONCERT).block(Duration.ofSeconds(5));
            for (long i = 0; i < admitted; i++) {
                long user = waiting.removeFirst();
                admittedAt.put(user, now);
                if (stayMax > 0) {
                    departures.add(new double[]{now + stayMin + random.nextDouble() * (stayMax - stayMin), user});
                }
            }
            if (step % 5 == 0) {
                int rank = 0;
                for (long user : waiting) {
                    record(told, user, now, ++rank, 0);
                }
            }
        }
        assertThat(line.poll(CONCERT, nextUser - 1, tokenIds.get(nextUser - 1), clock.millis())
                .block(Duration.ofSeconds(5)).status()).as("the test's picture of the line matches Redis").isEqualTo(QueueStatus.ACTIVE);
        return errors(told, admittedAt, disturbances);
    }

    private void enterLine(long user, Deque<Long> waiting, Map<Long, String> tokenIds) {
        var place = (EntryReply.Place) line.enter(CONCERT, user, "t" + user, clock.millis(), 1, 0,
                WaitingLine.Limit.OFF, WaitingLine.Limit.OFF, null).block(Duration.ofSeconds(5));
        assertThat(place.rank()).isEqualTo(waiting.size() + 1);
        waiting.addLast(user);
        tokenIds.put(user, place.tokenId());
    }

    private void record(Map<Long, List<double[]>> told, long user, double now, long rank, int atEntry) {
        var eta = WaitForecast.etaSeconds(rank, snapshots.get(CONCERT), clock.millis());
        if (eta.isPresent()) {
            told.computeIfAbsent(user, u -> new ArrayList<>()).add(new double[]{now, eta.getAsLong(), atEntry});
        }
    }

    private static Errors errors(Map<Long, List<double[]>> told, Map<Long, Double> admittedAt, List<Double> disturbances) {
        List<Double> errors = new ArrayList<>();
        told.forEach((user, etas) -> {
            double admitted = admittedAt.get(user);
            for (double[] eta : etas) {
                double real = admitted - eta[0];
                boolean settled = disturbances.stream().noneMatch(d -> eta[0] >= d && eta[0] < d + 5);
                if (real >= 5 && eta[0] >= 10 && settled) {
                    errors.add(Math.abs(eta[1] - real) / real);
                }
            }
        });
        Collections.sort(errors);
        assertThat(errors).as("ETAs to judge").hasSizeGreaterThan(200);
        Errors result = new Errors(errors.get(errors.size() / 2), errors.get(errors.size() * 9 / 10), errors.size());
        System.out.printf("ETA error: median %.1f%%, p90 %.1f%% over %d ETAs%n", 100 * result.median(), 100 * result.p90(), result.count());
        return result;
    }
}
