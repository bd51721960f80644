package io.waitingroom.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.waitingroom.common.embedded.EmbeddedRedis;

/**
 * The embedded Redis frozen in place with SIGSTOP: its connections stay open and nothing answers,
 * the way a hung or swapped-out server behaves (unlike a stopped one, which refuses connections).
 * Closing sends SIGCONT. Found by its port in the process title that Redis sets for itself.
 */
public final class FrozenRedis implements AutoCloseable {

    private final long pid;

    private FrozenRedis(long pid) {
        this.pid = pid;
        signal("STOP");
    }

    public static FrozenRedis freeze() {
        String port = ":" + EmbeddedRedis.port();
        long pid = ProcessHandle.allProcesses()
                .filter(process -> titleOf(process.pid()).contains("redis-server") && titleOf(process.pid()).contains(port))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no embedded redis-server process on port" + port));
        return new FrozenRedis(pid);
    }

    /** Redis rewrites its own argv into a title ("redis-server 127.0.0.1:port"), which Java's process info does not parse. */
    private static String titleOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (Exception gone) {
            return "";
        }
    }

    @Override
    public void close() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send SIG" + name + " to Redis " + pid, e);
        }
    }
}
