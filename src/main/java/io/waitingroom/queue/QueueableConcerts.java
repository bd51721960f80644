package io.waitingroom.queue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The concerts that have a waiting room. The queue asks, the concert catalogue answers; kept as
 * this small type so that the queue does not depend on the booking side.
 */
public interface QueueableConcerts {

    Mono<Boolean> exists(long concertId);

    Flux<Long> ids();
}
