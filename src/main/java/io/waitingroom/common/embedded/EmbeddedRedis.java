package io.waitingroom.common.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * The Redis that the default run starts when no Redis is configured: one per JVM, on a free
 * loopback port, stopped when the JVM exits. Tests use {@link #stop()} and {@link #start()} to
 * show that the queue fails closed and recovers.
 */
public final class EmbeddedRedis {

    private static RedisServer server;
    private static int port;

    private EmbeddedRedis() {
    }

    public static synchronized int ensureStarted() {
        if (server == null) {
            port = freePort();
            try {
                server = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("maxmemory-policy noeviction")
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the embedded Redis", e);
            }
            start();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedRedis::stop, "embedded-redis-stop"));
        }
        return port;
    }

    public static synchronized void start() {
        try {
            if (!server.isActive()) {
                server.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Redis on port " + port, e);
        }
    }

    public static synchronized void stop() {
        try {
            if (server != null && server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop the embedded Redis", e);
        }
    }

    public static synchronized int port() {
        return port;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
