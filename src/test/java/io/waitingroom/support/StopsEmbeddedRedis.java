package io.waitingroom.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Stops, freezes or restarts the embedded Redis, so it runs only where that Redis is this JVM's
 * own: the default suite, not the MariaDB + Redis or the cluster runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("embedded-redis")
public @interface StopsEmbeddedRedis {
}
