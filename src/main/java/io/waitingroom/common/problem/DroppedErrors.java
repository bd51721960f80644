package io.waitingroom.common.problem;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Hooks;

/**
 * Errors that reach a request's chain after it has ended. The usual one is a client that closed
 * its connection while its answer was on the way: the write fails with "connection closed" after
 * the server already cancelled the request, and Reactor would log it at ERROR with a stack trace.
 * A browser leaving a page is not an error of the service, so that one is kept to DEBUG; anything
 * else still comes out at ERROR.
 */
@Component
class DroppedErrors {

    private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);

    DroppedErrors() {
        Hooks.onErrorDropped(DroppedErrors::report);
    }

    static void report(Throwable error) {
        if (ProblemResponses.clientWentAway(error)) {
            log.debug("Client went away before its answer was written: {}", error.toString());
        } else {
            log.error("Error after its request had ended", error);
        }
    }

    @PreDestroy
    void stop() {
        Hooks.resetOnErrorDropped();
    }
}
