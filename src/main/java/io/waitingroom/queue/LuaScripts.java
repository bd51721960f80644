package io.waitingroom.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the Lua scripts of redis/ with Lettuce's own EVALSHA, on one connection of its own made
 * from Spring's Lettuce client (same Redis, same timeouts, single node or cluster). This skips
 * what the generic script executor does on every call (serialising keys and arguments, wrapping a
 * connection): on the poll, that was most of what it cost beyond the round trip itself. A script
 * Redis does not know yet (first call, restart, failover) is sent whole once, which loads it.
 */
@Component
public class LuaScripts implements DisposableBean {

    /**
     * One atomic operation: redis/lib/prelude.lua followed by redis/{name}.lua, and the SHA-1 of
     * that whole text (what Redis knows the script by), read once. Redis has no require: the
     * functions the scripts share travel in front of each.
     */
    public record Script(String name, String body, String sha) {

        private static final String PRELUDE = "lib/prelude";

        public static Script load(String name) {
            String body = read(PRELUDE) + read(name);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
                return new Script(name, body, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is part of every JDK", e);
            }
        }

        private static String read(String name) {
            try {
                String text = new ClassPathResource("redis/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
                // Lua would otherwise join the prelude's last line (a comment, say) with the script's first.
                return text.endsWith("\n") ? text : text + "\n";
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the Lua script redis/" + name + ".lua", e);
            }
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final LettuceConnectionFactory factory;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisScriptingReactiveCommands<String, String> commands;

    public LuaScripts(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    /** A script returning one integer. */
    public Mono<Long> integer(Script script, String[] keys, String... args) {
        return this.<Long>run(script, ScriptOutputType.INTEGER, keys, args).next();
    }

    /** A script returning a list (numbers as Long, text as String). */
    public Mono<List<Object>> list(Script script, String[] keys, String... args) {
        return this.<Object>run(script, ScriptOutputType.MULTI, keys, args).collectList().map(LuaScripts::flatten);
    }

    private <T> Flux<T> run(Script script, ScriptOutputType type, String[] keys, String[] args) {
        if (unusable(connection)) {
            // Connected on first use, not at start: the service starts, and answers 503, while Redis is away.
            return Mono.fromCallable(this::connectIfNeeded)
                    .subscribeOn(Schedulers.boundedElastic())
                    .timeout(CONNECT_TIMEOUT)
                    .flatMapMany(connected -> evalsha(connected, script, type, keys, args));
        }
        return evalsha(commands, script, type, keys, args);
    }

    private static <T> Flux<T> evalsha(RedisScriptingReactiveCommands<String, String> redis, Script script,
                                       ScriptOutputType type, String[] keys, String[] args) {
        return redis.<T>evalsha(script.sha(), type, keys, args)
                .onErrorResume(RedisNoScriptException.class, unknown -> redis.eval(script.body(), type, keys, args));
    }

    private synchronized RedisScriptingReactiveCommands<String, String> connectIfNeeded() {
        if (!unusable(connection)) {
            return commands;
        }
        AbstractRedisClient client = factory.getRequiredNativeClient();
        StatefulConnection<String, String> opened;
        RedisScriptingReactiveCommands<String, String> reactive;
        if (client instanceof RedisClusterClient cluster) {
            var clusterConnection = cluster.connect(StringCodec.UTF8);
            opened = clusterConnection;
            reactive = clusterConnection.reactive();
        } else {
            var single = ((RedisClient) client).connect(StringCodec.UTF8);
            opened = single;
            reactive = single.reactive();
        }
        commands = reactive;
        connection = opened;
        return reactive;
    }

    /**
     * Only a connection that was closed (its client shut down and made anew, as when a context restarts)
     * is replaced. One that is merely away ({@code isOpen()} false while Redis is down) is brought back
     * by Lettuce; replacing it left the old one reconnecting beside the new one, a connection more after
     * every outage.
     */
    private static boolean unusable(StatefulConnection<String, String> connection) {
        return connection == null || ((RedisChannelHandler<?, ?>) connection).isClosed();
    }

    /** A number from a script reply: Lettuce gives integers as Long, text as String. */
    static long asLong(Object value) {
        if (value instanceof Long number) {
            return number;
        }
        if (value == null) {
            return 0;
        }
        return Long.parseLong(value.toString());
    }

    /** Lettuce emits a multi-bulk reply element by element; nested lists stay lists. */
    @SuppressWarnings("unchecked")
    private static List<Object> flatten(List<?> emitted) {
        if (emitted.size() == 1 && emitted.get(0) instanceof List<?> inner) {
            return (List<Object>) inner;
        }
        return (List<Object>) emitted;
    }

    @Override
    public void destroy() {
        StatefulConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
    }
}
