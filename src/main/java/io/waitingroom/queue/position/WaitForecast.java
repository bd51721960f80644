package io.waitingroom.queue.position;

import java.util.OptionalLong;

import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueSnapshots.LineSnapshot;

/**
 * How long a waiter at a given rank should expect to wait, from what the line really does,
 * bounded by what the settings now allow:
 * <ul>
 *   <li>while there are free active slots, the line moves at the settings' pace,
 *       {@code admitPerTick} per tick, with ticks as long as they have really been taking;</li>
 *   <li>once {@code maxActive} binds, it moves as fast as passes end: the measured rate at which
 *       passes end per active pass (by hold, leave or expiry), times {@code maxActive}, never above
 *       the settings' pace and never below what expiry alone guarantees ({@code 1 / activeTtl}).</li>
 * </ul>
 * A settings change therefore counts at once; what was measured counts within a few seconds (the
 * averages' time constant). A paused line, or one whose sale has not opened, promises no time.
 */
public final class WaitForecast {

    private WaitForecast() {
    }

    public static OptionalLong etaSeconds(long rank, LineSnapshot line, long nowMillis) {
        QueueSettings settings = line.settings();
        if (settings.paused() || !settings.saleOpenAt(nowMillis)) {
            return OptionalLong.empty();
        }
        double tickSeconds = settings.tickMillis() / 1000.0 / pace(line);
        double perTick = settings.admitPerTick();
        long free = settings.maxActive() - line.active();
        double seconds;
        if (free >= rank) {
            seconds = ticks(rank, perTick) * tickSeconds;
        } else {
            double endRate = Math.max(Double.isNaN(line.endRatePerActive()) ? 0 : line.endRatePerActive(),
                    1.0 / settings.activeTtlSeconds());
            double capRate = Math.min(perTick / tickSeconds, endRate * settings.maxActive());
            double untilRoom = free > 0
                    ? ticks(free, perTick) * tickSeconds
                    // more passes out than maxActive now allows (it was lowered): those must end first
                    : (line.active() - settings.maxActive()) / (endRate * Math.max(1, line.active()));
            seconds = untilRoom + (rank - Math.max(free, 0)) / capRate;
        }
        return OptionalLong.of(Math.max(1, Math.round(seconds)));
    }

    /** Ticks until the k-th waiter is in, the first one half a tick away on average. */
    private static double ticks(long k, double perTick) {
        return Math.ceil(k / perTick) - 0.5;
    }

    /** Ticks never come faster than tickMillis (the fence), only later. */
    private static double pace(LineSnapshot line) {
        double measured = line.pace();
        return Double.isNaN(measured) ? 1 : Math.min(1, Math.max(0.05, measured));
    }
}
