package io.waitingroom.bench;

import io.waitingroom.WaitingRoomApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The service plus the benchmark-only handlers; see src/bench/run.sh. */
public final class BenchmarkServer {

    private BenchmarkServer() {
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(WaitingRoomApplication.class).profiles("bench").run(args);
    }
}
