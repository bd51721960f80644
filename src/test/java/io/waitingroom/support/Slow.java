package io.waitingroom.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Takes seconds, not milliseconds (an outage waited out, deadlines run to their end, several
 * contexts started): in every suite, left out only by {@code ./mvnw test -Pquick}, the loop while
 * working.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
public @interface Slow {
}
