package io.waitingroom.identity;

import io.waitingroom.support.JwtMode;

/** The crossings in jwt mode: callers named by the sub of their JWT. */
@JwtMode
class JwtModeCrossingUsersTest extends CrossingUsersContract {
}
