package io.waitingroom.queue;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Leaves the line, or gives up the active slot so that the next waiter can come in. */
@Component
public class LeavingQueue {

    private final QueueTokenCodec codec;
    private final WaitingLine line;
    private final RecentRanks recent;

    LeavingQueue(QueueTokenCodec codec, WaitingLine line, RecentRanks recent) {
        this.codec = codec;
        this.line = line;
        this.recent = recent;
    }

    public Mono<Void> leave(String authorization) {
        return Mono.fromCallable(() -> codec.decodeBearer(authorization))
                .flatMap(token -> line.giveUp(token)
                        // Everyone behind moved up, and the leaver must not be told a rank again.
                        .doOnNext(ended -> recent.lineChanged(token.concertId())))
                .then();
    }
}
