package io.waitingroom.common.problem;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Every problem code is counted from start-up on, with its status, so no panel or alert waits for a first failure. */
@IntegrationTest
class ProblemCountersTest {

    @Autowired
    MeterRegistry registry;

    @Test
    void everyProblemCodeHasItsCounterWithItsStatusFromTheStart() {
        for (ProblemCode code : ProblemCode.values()) {
            Counter counter = registry.find("waiting_room.problems").tag("code", code.name()).counter();
            assertThat(counter).as("counter of %s", code).isNotNull();
            assertThat(counter.getId().getTag("status")).as("status tag of %s", code)
                    .isEqualTo(Integer.toString(code.status().value()));
        }
    }
}
