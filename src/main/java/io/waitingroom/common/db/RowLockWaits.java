package io.waitingroom.common.db;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Work that may wait for another transaction's row lock (a buyer's, a seat's, a wallet's). The
 * embedded H2 waits on the thread that runs the statement, so such work runs on a thread that may
 * block, never on an event loop that Redis answers, other requests and the request deadline's
 * timer need; with r2dbc-mysql the hop costs microseconds.
 */
public final class RowLockWaits {

    private RowLockWaits() {
    }

    public static <T> Mono<T> mayWait(Mono<T> work) {
        return work.subscribeOn(Schedulers.boundedElastic());
    }
}
