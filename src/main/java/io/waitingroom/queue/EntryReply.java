package io.waitingroom.queue;

import java.util.List;

import static io.waitingroom.queue.LuaScripts.asLong;

/** What enter_queue.lua answers: the place or pass the user now holds, or a refusal by an entry limit. */
public sealed interface EntryReply permits EntryReply.Place, EntryReply.Refused {

    /** The place (or pass) the user holds after entering. */
    record Place(QueueStatus status, String tokenId, long rank, long activeUntil, boolean created, boolean preQueue)
            implements EntryReply {
    }

    /** Refused by a limit; nothing changed. */
    record Refused(long retryAfterMillis, boolean byAddress) implements EntryReply {
    }

    /** {state, tokenId, rank, activeUntil, created, preQueue}, or {0, retryAfterMillis, limit} (limit 2: the address's). */
    static EntryReply from(List<Object> reply) {
        long state = asLong(reply.get(0));
        if (state == 0) {
            return new Refused(asLong(reply.get(1)), asLong(reply.get(2)) == 2);
        }
        return new Place(QueueStatus.fromScript(state), reply.get(1).toString(), asLong(reply.get(2)),
                asLong(reply.get(3)), asLong(reply.get(4)) == 1, asLong(reply.get(5)) == 1);
    }
}
