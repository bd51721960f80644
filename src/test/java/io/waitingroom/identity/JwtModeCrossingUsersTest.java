package io.waitingroom.identity;

import io.waitingroom.support.JwtMode;
import io.waitingroom.support.Slow;

/** The crossings in jwt mode: callers named by the sub of their JWT. */
@JwtMode
@Slow
class JwtModeCrossingUsersTest extends CrossingUsersContract {
}
