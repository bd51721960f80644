package io.waitingroom.queue;

import java.util.ArrayList;
import java.util.List;

/** The admission settings in force for one concert's queue. */
public record QueueSettings(int admitPerTick, long tickMillis, int maxActive, long activeTtlSeconds, boolean paused) {

    static final int MAX_ADMIT_PER_TICK = 100_000;
    static final long MIN_TICK_MILLIS = 100;
    static final long MAX_TICK_MILLIS = 60_000;
    static final int MAX_ACTIVE = 10_000_000;
    static final long MIN_ACTIVE_TTL_SECONDS = 10;
    static final long MAX_ACTIVE_TTL_SECONDS = 86_400;

    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (admitPerTick < 1 || admitPerTick > MAX_ADMIT_PER_TICK) {
            violations.add("admitPerTick must be 1.." + MAX_ADMIT_PER_TICK);
        }
        if (tickMillis < MIN_TICK_MILLIS || tickMillis > MAX_TICK_MILLIS) {
            violations.add("tickMillis must be " + MIN_TICK_MILLIS + ".." + MAX_TICK_MILLIS);
        }
        if (maxActive < 1 || maxActive > MAX_ACTIVE) {
            violations.add("maxActive must be 1.." + MAX_ACTIVE);
        }
        if (activeTtlSeconds < MIN_ACTIVE_TTL_SECONDS || activeTtlSeconds > MAX_ACTIVE_TTL_SECONDS) {
            violations.add("activeTtlSeconds must be " + MIN_ACTIVE_TTL_SECONDS + ".." + MAX_ACTIVE_TTL_SECONDS);
        }
        return violations;
    }

    /** The configured admission rate, used for ETAs until there is measured history. */
    double configuredPerSecond() {
        return admitPerTick * 1000.0 / tickMillis;
    }
}
