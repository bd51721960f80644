package io.waitingroom.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port over real parts: the embedded Redis and database by
 * default, or whatever {@code spring.data.redis.*} / {@code spring.r2dbc.url} point at (the
 * MariaDB + Redis run of .ci/run). Schedulers are off so that each test moves time and ticks by
 * hand.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "waiting-room.scheduler-enabled=false",
        // Warming up costs seconds per context; StartupWarmUpTest and the fresh-instance tests keep it.
        "waiting-room.warm-up.duration=0s",
        "booking.hold-sweep-enabled=false",
        "waiting-room.admin-key=" + TestBase.ADMIN_KEY,
        "waiting-room.token-secret=test-secret-of-at-least-32-bytes-long!!",
        // The product fails fast after 1 s; on a shared 2-core CI machine a starved moment under the
        // 1,000-client tests must not turn into a 503 that no test is about.
        "spring.data.redis.timeout=3s",
        // A hundred charges of one user queue on that user's wallet lock; on a slow machine the last
        // one waits longer than the product's 2 s (still inside the 5 s request deadline).
        "points.lock-wait=4s",
})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(TestClockConfig.class)
public @interface IntegrationTest {
}
