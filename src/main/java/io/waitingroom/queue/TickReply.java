package io.waitingroom.queue;

import java.time.Instant;
import java.util.List;

import static io.waitingroom.queue.LuaScripts.asLong;

/**
 * One tick's view of the line, as admission_tick.lua answers it. The three averages are corrected
 * for their start (NaN before any measurement): passes ending per active pass and second,
 * scheduled tick time passing per second (1 when ticks keep time), admissions per second.
 */
public record TickReply(long admitted, long waiting, long active, long admittedInWindow, QueueSettings settings,
                        long preQueue, double endRatePerActive, double pace, double admissionsPerSecond, SeatsLeft seats) {

    /** A tick of a line whose inventory is not counted yet. */
    public TickReply(long admitted, long waiting, long active, long admittedInWindow, QueueSettings settings,
                     long preQueue, double endRatePerActive, double pace, double admissionsPerSecond) {
        this(admitted, waiting, active, admittedInWindow, settings, preQueue, endRatePerActive, pace, admissionsPerSecond,
                SeatsLeft.UNKNOWN);
    }

    /**
     * {admitted, waiting, active, admittedInWindow, admitPerTick, tickMillis, maxActive,
     * activeTtlSeconds, paused, saleOpensAt, preQueue, endRate, endWeight, pace, paceWeight,
     * admitRate, admitWeight, maxActivePerFreeSeat, availability, free, held, sold}, the six averages
     * and the factor as text.
     */
    static TickReply from(List<Object> reply) {
        long opensAt = asLong(reply.get(9));
        QueueSettings settings = new QueueSettings((int) asLong(reply.get(4)), asLong(reply.get(5)),
                (int) asLong(reply.get(6)), asLong(reply.get(7)), asLong(reply.get(8)) == 1,
                opensAt == 0 ? null : Instant.ofEpochMilli(opensAt), Double.parseDouble(reply.get(17).toString()));
        return new TickReply(asLong(reply.get(0)), asLong(reply.get(1)), asLong(reply.get(2)), asLong(reply.get(3)),
                settings, asLong(reply.get(10)),
                corrected(reply.get(11), reply.get(12)), corrected(reply.get(13), reply.get(14)),
                corrected(reply.get(15), reply.get(16)),
                SeatsLeft.fromScript(asLong(reply.get(18)), asLong(reply.get(19)), asLong(reply.get(20)), asLong(reply.get(21))));
    }

    /** An exponentially weighted average divided by its weight: unbiased from the first sample on. */
    private static double corrected(Object average, Object weight) {
        double w = Double.parseDouble(weight.toString());
        return w > 1e-6 ? Double.parseDouble(average.toString()) / w : Double.NaN;
    }
}
