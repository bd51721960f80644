package io.waitingroom.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a functional route's handler that asks {@link Callers} for the user itself (it has no
 * {@link CurrentUser} parameter to say so): the OpenAPI description then asks for the user scheme
 * of this instance's mode, as it does for {@code @CurrentUser} handlers. Its path must be one of
 * {@link UserScopedEndpoints}, like theirs.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ActsForUser {
}
