package io.waitingroom.queue;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Leaves the line, or gives up the active slot so that the next waiter can come in. */
@Component
public class LeavingQueue {

    private final QueueTokenCodec codec;
    private final WaitingLine line;

    LeavingQueue(QueueTokenCodec codec, WaitingLine line) {
        this.codec = codec;
        this.line = line;
    }

    public Mono<Void> leave(String authorization) {
        return Mono.fromCallable(() -> codec.decodeBearer(authorization))
                .flatMap(line::giveUp)
                .then();
    }
}
