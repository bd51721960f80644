package io.waitingroom.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The admission settings in force for one concert's queue.
 *
 * @param saleOpensAt          when the sale opens (null: open now). Before it, entries join a pre-queue in
 *                             random order and nobody is admitted.
 * @param maxActivePerFreeSeat active passes allowed per free seat (besides maxActive): with 20 seats left
 *                             and 1.0, at most 20 people shop at once
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QueueSettings(int admitPerTick, long tickMillis, int maxActive, long activeTtlSeconds, boolean paused,
                            Instant saleOpensAt, double maxActivePerFreeSeat) {

    public static final int MAX_ADMIT_PER_TICK = 100_000;
    public static final long MIN_TICK_MILLIS = 100;
    public static final long MAX_TICK_MILLIS = 60_000;
    public static final int MAX_ACTIVE = 10_000_000;
    public static final long MIN_ACTIVE_TTL_SECONDS = 10;
    public static final long MAX_ACTIVE_TTL_SECONDS = 86_400;
    public static final double DEFAULT_ACTIVE_PER_FREE_SEAT = 1.0;
    public static final double MAX_ACTIVE_PER_FREE_SEAT = 1000;

    /** Settings with the default factor of active passes per free seat. */
    public QueueSettings(int admitPerTick, long tickMillis, int maxActive, long activeTtlSeconds, boolean paused,
                         Instant saleOpensAt) {
        this(admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused, saleOpensAt, DEFAULT_ACTIVE_PER_FREE_SEAT);
    }

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
        if (saleOpensAt != null && (saleOpensAt.toEpochMilli() <= 0 || saleOpensAt.isAfter(Instant.parse("9999-12-31T23:59:59Z")))) {
            violations.add("saleOpensAt must be an ISO-8601 UTC time after 1970");
        }
        if (!(maxActivePerFreeSeat > 0 && maxActivePerFreeSeat <= MAX_ACTIVE_PER_FREE_SEAT)) {
            violations.add("maxActivePerFreeSeat must be more than 0 and at most " + (int) MAX_ACTIVE_PER_FREE_SEAT);
        }
        return violations;
    }

    /** The admission rate these settings allow, per second. */
    public double configuredPerSecond() {
        return admitPerTick * 1000.0 / tickMillis;
    }

    /** Whether the sale has opened at this instance-clock time (decisions are Redis's; this is for telling). */
    public boolean saleOpenAt(long nowMillis) {
        return saleOpensAt == null || saleOpensAt.toEpochMilli() <= nowMillis;
    }

    /** The sale start as the scripts take it: epoch ms, 0 when open. */
    public long saleOpensAtMillis() {
        return saleOpensAt == null ? 0 : saleOpensAt.toEpochMilli();
    }

    /** The settings in force: these (the configured defaults) under an operator's overrides as Redis keeps them. */
    public QueueSettings withOverrides(Map<Object, Object> overrides) {
        return new QueueSettings(
                (int) number(overrides.get("admitPerTick"), admitPerTick),
                number(overrides.get("tickMillis"), tickMillis),
                (int) number(overrides.get("maxActive"), maxActive),
                number(overrides.get("activeTtlSeconds"), activeTtlSeconds),
                isEmpty(overrides.get("paused")) ? paused : "1".equals(overrides.get("paused").toString()),
                overriddenSaleOpensAt(overrides.get("saleOpensAt")),
                isEmpty(overrides.get("maxActivePerFreeSeat")) ? maxActivePerFreeSeat
                        : Double.parseDouble(overrides.get("maxActivePerFreeSeat").toString()));
    }

    private Instant overriddenSaleOpensAt(Object raw) {
        if (raw == null) {
            return saleOpensAt;
        }
        return raw.toString().isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(raw.toString()));
    }

    private static boolean isEmpty(Object raw) {
        return raw == null || raw.toString().isEmpty();
    }

    private static long number(Object raw, long fallback) {
        return isEmpty(raw) ? fallback : Long.parseLong(raw.toString());
    }
}
