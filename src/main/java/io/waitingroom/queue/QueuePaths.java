package io.waitingroom.queue;

/** The paths of the queue's two hot routes, named once for the routes and for what treats them apart. */
public final class QueuePaths {

    /** POST: take a place; DELETE {@link #MINE}: leave. */
    public static final String TOKENS = "/api/v1/queue/tokens";
    /** GET: poll one's place (the path a stampede polls). */
    public static final String MINE = TOKENS + "/me";

    private QueuePaths() {
    }
}
