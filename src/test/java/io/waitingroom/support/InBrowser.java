package io.waitingroom.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Drives the pages in headless Chromium (Debian's chromium and chromium-driver, axe-core from
 * npm): only in the browser profile, {@code ./mvnw test -Pbrowser}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
public @interface InBrowser {
}
