package io.waitingroom.queue.position;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.token.QueueToken;
import io.waitingroom.support.WaitingRoomPropertiesFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory of told ranks on its own, its time moved by hand (no Spring, no Redis). */
class RecentRanksWindowTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final Duration REUSE = Duration.ofSeconds(1);

    private final AtomicLong tickerNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(T0));
    private final QueueSnapshots snapshots = new QueueSnapshots(WaitingRoomPropertiesFixture.with(Map.of()));
    private final RecentRanks ranks = new RecentRanks(REUSE, snapshots, tickerNanos::get);

    private final QueueToken alice = new QueueToken(1, 10, "alice");
    private final QueueToken bob = new QueueToken(1, 11, "bob");
    private final QueueToken carol = new QueueToken(2, 12, "carol");

    private void advanceTicker(long millis) {
        tickerNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aRankIsToldAgainWithinTheWindowAndNotFromItsEndOn() {
        ranks.remember(alice, 7, snapshots.generation(1), T0);

        assertThat(ranks.rank(alice, T0)).isEqualTo(7);
        advanceTicker(999);
        assertThat(ranks.rank(alice, T0 + 999)).isEqualTo(7);
        advanceTicker(1);
        assertThat(ranks.rank(alice, T0 + 1000)).isZero();
    }

    @Test
    void theCallersNowDecidesEvenBeforeTheCacheDropsTheEntry() {
        ranks.remember(alice, 7, snapshots.generation(1), T0);

        // The ticker has not moved: the entry is still in memory, but the window has passed.
        assertThat(ranks.rank(alice, T0 + 1000)).isZero();
        assertThat(ranks.rank(alice, T0 + 5000)).isZero();
        // A clock that went back does not revive it either.
        assertThat(ranks.rank(alice, T0 - 1)).isZero();
        assertThat(ranks.rank(alice, T0)).isEqualTo(7);
    }

    @Test
    void theCacheDropsAnEntryOnceItsWindowHasPassedOnTheTicker() {
        ranks.remember(alice, 7, snapshots.generation(1), T0);

        advanceTicker(1000);
        // Asked with the old now, which alone would still allow it: the memory is gone.
        assertThat(ranks.rank(alice, T0)).isZero();
    }

    @Test
    void onlyTheTokenThatWasToldIsAnsweredFromMemory() {
        ranks.remember(alice, 7, snapshots.generation(1), T0);

        assertThat(ranks.rank(bob, T0)).isZero();
        assertThat(ranks.rank(new QueueToken(1, 10, "alice-other-entry"), T0)).isZero();
        assertThat(ranks.rank(new QueueToken(1, 10, "alice"), T0)).as("equal token, another instance").isEqualTo(7);
    }

    @Test
    void aChangeOfTheLineForgetsThatConcertsRanksOnly() {
        ranks.remember(alice, 7, snapshots.generation(1), T0);
        ranks.remember(carol, 3, snapshots.generation(2), T0);

        snapshots.lineChanged(1);

        assertThat(ranks.rank(alice, T0)).isZero();
        assertThat(ranks.rank(carol, T0)).isEqualTo(3);
    }

    @Test
    void aRankReadBeforeAChangeAndRememberedAfterItIsNotToldAgain() {
        long generationBeforeRedis = snapshots.generation(1);
        snapshots.lineChanged(1); // an admission while the poll was in Redis

        ranks.remember(alice, 7, generationBeforeRedis, T0);

        assertThat(ranks.rank(alice, T0)).isZero();
    }

    @Test
    void rememberingAgainReplacesTheRankAndRestartsTheWindow() {
        ranks.remember(alice, 7, snapshots.generation(1), T0);
        advanceTicker(600);
        ranks.remember(alice, 5, snapshots.generation(1), T0 + 600);
        advanceTicker(600);

        assertThat(ranks.rank(alice, T0 + 1200)).isEqualTo(5);
        advanceTicker(400);
        assertThat(ranks.rank(alice, T0 + 1600)).isZero();
    }

    @Test
    void withPollReuseOffNothingIsRemembered() {
        RecentRanks off = new RecentRanks(Duration.ZERO, snapshots, tickerNanos::get);

        off.remember(alice, 7, snapshots.generation(1), T0);

        assertThat(off.rank(alice, T0)).isZero();
    }

    @Test
    void theSpringConstructorTakesTheWindowFromTheSettingsAndTimeFromTheClock() {
        var clock = new io.waitingroom.support.MutableClock();
        long now = clock.millis();
        RecentRanks configured = new RecentRanks(
                WaitingRoomPropertiesFixture.with(Map.of("poll-reuse", "300ms")), snapshots, clock);

        configured.remember(alice, 4, snapshots.generation(1), now);
        clock.advance(Duration.ofMillis(299));
        assertThat(configured.rank(alice, now + 299)).isEqualTo(4);
        clock.advance(Duration.ofMillis(1));
        // Dropped by the cache on the clock's time, even though this now alone would allow it.
        assertThat(configured.rank(alice, now)).isZero();
    }
}
