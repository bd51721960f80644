package io.waitingroom.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The user id of the caller of a user-scoped endpoint ({@code @CurrentUser long userId}), as
 * {@link Callers} tells it in the configured identity mode. An endpoint that takes it is
 * user-scoped: in jwt mode its path must be one of {@link UserScopedEndpoints}, or every call
 * answers 401 (a test checks that they agree).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentUser {
}
