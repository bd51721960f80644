package io.waitingroom.identity;

/** The crossings in header mode: callers named by X-User-Id. */
class HeaderModeCrossingUsersTest extends CrossingUsersContract {
}
