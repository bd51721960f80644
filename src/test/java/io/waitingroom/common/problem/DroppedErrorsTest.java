package io.waitingroom.common.problem;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.publisher.Operators;
import reactor.netty.channel.AbortedException;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/** An error dropped after its request ended: a client gone is no ERROR, anything else still is. */
@ExtendWith(OutputCaptureExtension.class)
class DroppedErrorsTest {

    private final DroppedErrors hook = new DroppedErrors();

    @AfterEach
    void removeHook() {
        hook.stop();
    }

    @Test
    void aClientThatClosedItsConnectionIsNotLoggedAsAnError(CapturedOutput output) {
        Operators.onErrorDropped(new AbortedException("Connection has been closed BEFORE send operation"), Context.empty());

        assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("onErrorDropped");
    }

    @Test
    void anyOtherDroppedErrorIsStillAnError(CapturedOutput output) {
        Operators.onErrorDropped(new IllegalStateException("a bug somewhere"), Context.empty());

        assertThat(output.getAll()).contains("ERROR").contains("Error after its request had ended").contains("a bug somewhere");
    }

    @Test
    void withoutTheHookReactorLogsTheClosedConnectionAsAnError(CapturedOutput output) {
        hook.stop();
        Operators.onErrorDropped(new AbortedException("Connection has been closed BEFORE send operation"), Context.empty());

        assertThat(output.getAll()).contains("ERROR").contains("onErrorDropped");
    }
}
