package io.waitingroom.queue.entry;

import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.token.QueueTokenCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Leaves the line, or gives up the active slot so that the next waiter can come in. */
@Component
public class LeavingQueue {

    private final QueueTokenCodec codec;
    private final WaitingLine line;
    private final QueueSnapshots snapshots;

    LeavingQueue(QueueTokenCodec codec, WaitingLine line, QueueSnapshots snapshots) {
        this.codec = codec;
        this.line = line;
        this.snapshots = snapshots;
    }

    public Mono<Void> leave(String authorization) {
        return Mono.fromCallable(() -> codec.decodeBearer(authorization))
                .flatMap(token -> line.giveUp(token.concertId(), token.userId(), token.tokenId())
                        // Everyone behind moved up, and the leaver must not be told a rank again.
                        .doOnNext(ended -> snapshots.lineChanged(token.concertId())))
                .then();
    }
}
