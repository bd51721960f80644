package io.waitingroom.queue.token;

import java.time.Clock;
import java.time.Instant;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.queue.WaitingLine;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The door of the booking endpoints: only an ACTIVE pass of the right concert gets through.
 * 401 TOKEN_INVALID for a token we did not sign, 403 TOKEN_NOT_ACTIVE for one that is waiting,
 * expired or for another concert.
 */
@Component
public class ActiveTokenGuard {

    private final QueueTokenCodec codec;
    private final WaitingLine line;
    private final Clock clock;

    ActiveTokenGuard(QueueTokenCodec codec, WaitingLine line, Clock clock) {
        this.codec = codec;
        this.line = line;
        this.clock = clock;
    }

    /** An ACTIVE pass: who holds it, for which concert, until when. */
    public record ActivePass(long userId, long concertId, Instant activeUntil, QueueToken token) {
    }

    public Mono<ActivePass> requireActive(String authorization) {
        return Mono.fromCallable(() -> codec.decodeBearer(authorization))
                .flatMap(token -> line.activeUntil(token.concertId(), token.userId(), token.tokenId(), clock.millis())
                        .flatMap(until -> until > 0
                                ? Mono.just(new ActivePass(token.userId(), token.concertId(), Instant.ofEpochMilli(until), token))
                                : Mono.error(notActive("The queue token is not active (still waiting, or expired)"))));
    }

    /** Whose pass this is, by its signature alone, whatever its state: for finding what it already did. */
    public Mono<QueueToken> holder(String authorization) {
        return Mono.fromCallable(() -> codec.decodeBearer(authorization));
    }

    public Mono<ActivePass> requireActiveFor(String authorization, long concertId) {
        return requireActive(authorization).flatMap(pass -> pass.concertId() == concertId
                ? Mono.just(pass)
                : Mono.error(notActive("The queue token is for concert " + pass.concertId() + ", not " + concertId)));
    }

    /** ACTIVE -> EXPIRED once the pass has been used (a seat is held), freeing the slot. */
    public Mono<Void> spend(ActivePass pass) {
        QueueToken token = pass.token();
        return line.giveUp(token.concertId(), token.userId(), token.tokenId()).then();
    }

    public static ProblemException notActive(String detail) {
        return new ProblemException(ProblemCode.TOKEN_NOT_ACTIVE, detail);
    }
}
