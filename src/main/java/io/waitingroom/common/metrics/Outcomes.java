package io.waitingroom.common.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.common.problem.ProblemException;
import reactor.core.publisher.Mono;

/**
 * How a use case ended, counted by outcome: its success name, or the problem code it answered
 * with (lower case: {@code seat_unavailable}), or {@code error} for anything unexpected. The
 * outcomes named up front exist from the start at zero, so dashboards show them before they happen.
 */
public final class Outcomes {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private Outcomes(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    public static Outcomes of(MeterRegistry registry, String name, String description, String... known) {
        Outcomes outcomes = new Outcomes(registry, name, description);
        for (String outcome : known) {
            outcomes.counter(outcome);
        }
        return outcomes;
    }

    public <T> Mono<T> count(Mono<T> work, String success) {
        return work.doOnSuccess(result -> counter(success).increment())
                .doOnError(error -> counter(error instanceof ProblemException problem
                        ? problem.code().name().toLowerCase(Locale.ROOT) : "error").increment());
    }

    private Counter counter(String outcome) {
        Counter counter = counters.get(outcome);
        return counter != null ? counter : counters.computeIfAbsent(outcome, o ->
                Counter.builder(name).description(description).tag("outcome", o).register(registry));
    }
}
