package io.waitingroom.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.waitingroom.queue.LuaScripts.asLong;

/**
 * A queue's public numbers, as queue_stats.lua answers them.
 *
 * @param overrides the operator's overrides as the settings hash keeps them, to lay over the
 *                  configured defaults, and always the sale start in force ('' when open)
 */
public record StatsReply(long waiting, long active, long admittedInWindow, long preQueue, Map<Object, Object> overrides) {

    private static final List<String> SETTINGS = List.of("admitPerTick", "tickMillis", "maxActive", "activeTtlSeconds", "paused");

    /** {waiting, active, admittedInWindow, preQueue}, then each of SETTINGS ('' for the default), then saleOpensAt (ms, 0 = open). */
    static StatsReply from(List<Object> reply) {
        Map<Object, Object> overrides = new HashMap<>();
        for (int i = 0; i < SETTINGS.size(); i++) {
            Object raw = reply.get(4 + i);
            if (raw != null && !raw.toString().isEmpty()) {
                overrides.put(SETTINGS.get(i), raw);
            }
        }
        long opensAt = asLong(reply.get(4 + SETTINGS.size()));
        overrides.put("saleOpensAt", opensAt == 0 ? "" : Long.toString(opensAt));
        return new StatsReply(asLong(reply.get(0)), asLong(reply.get(1)), asLong(reply.get(2)), asLong(reply.get(3)),
                Map.copyOf(overrides));
    }
}
