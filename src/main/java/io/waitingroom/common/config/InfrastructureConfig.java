package io.waitingroom.common.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.Delay;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.EqualJitterDelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
public class InfrastructureConfig {

    /**
     * The longest wait between two reconnect attempts while Redis is away. The clients' defaults double
     * the wait after each failure up to 30 s (Lettuce) or 10 s (Redisson), so after a long outage a
     * connection stayed away for seconds after Redis was back, and the paths on it kept answering 503.
     * An attempt every half second costs a refused connect while Redis is down, nothing more.
     */
    private static final Duration RECONNECT_AT_MOST_EVERY = Duration.ofMillis(500);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    /**
     * Fail fast while Redis is away instead of queueing commands: the queue must answer 503
     * within a short timeout, never hang, and Lettuce reconnects by itself in the background.
     */
    @Bean
    LettuceClientConfigurationBuilderCustomizer failFastWhileRedisIsDown(DataRedisProperties redis) {
        Duration timeout = redis.getTimeout() == null ? Duration.ofSeconds(1) : redis.getTimeout();
        return builder -> {
            builder.commandTimeout(timeout);
            TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
            if (redis.getCluster() != null && redis.getCluster().getNodes() != null && !redis.getCluster().getNodes().isEmpty()) {
                builder.clientOptions(ClusterClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(timeouts)
                        .build());
            } else {
                builder.clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(timeouts)
                        .build());
            }
        };
    }

    @Bean
    ClientResourcesBuilderCustomizer reconnectSoonAfterRedisIsBack() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ZERO, RECONNECT_AT_MOST_EVERY, 2, TimeUnit.MILLISECONDS));
    }

    /**
     * Redisson as a plain client for locks, configured from the same {@code spring.data.redis.*}
     * settings as Lettuce (single server or cluster), so there is one place to point at Redis.
     * One quick retry at most: a lock that cannot be asked for within about two command timeouts
     * fails as LOCK_UNAVAILABLE, well inside the request deadline, and the conditional writes decide.
     */
    @Bean(destroyMethod = "shutdown")
    RedissonClient redissonClient(DataRedisProperties redis) {
        Config config = new Config();
        List<String> nodes = redis.getCluster() == null ? null : redis.getCluster().getNodes();
        if (nodes != null && !nodes.isEmpty()) {
            common(config.useClusterServers(), redis)
                    .addNodeAddress(nodes.stream().map(node -> "redis://" + node).toArray(String[]::new));
        } else {
            common(config.useSingleServer(), redis)
                    .setConnectionMinimumIdleSize(2)
                    .setAddress("redis://" + redis.getHost() + ":" + redis.getPort())
                    .setDatabase(redis.getDatabase());
        }
        return Redisson.create(config);
    }

    /** What a single server and a cluster share: timeouts, retries, the reconnect pace, the name, the password. */
    private static <T extends BaseConfig<T>> T common(T servers, DataRedisProperties redis) {
        servers.setTimeout((int) (redis.getTimeout() == null ? 1000 : redis.getTimeout().toMillis()))
                .setRetryAttempts(1)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(100)))
                .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(100), RECONNECT_AT_MOST_EVERY))
                .setClientName((redis.getClientName() == null ? "waiting-room" : redis.getClientName()) + "-locks");
        if (redis.getPassword() != null && !redis.getPassword().isEmpty()) {
            servers.setPassword(redis.getPassword());
        }
        return servers;
    }
}
