package io.waitingroom.queue;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripts run on a Lettuce connection of their own. When Spring's Lettuce client is shut down
 * and made anew (a context stopped and started again, as Spring's test framework does with contexts
 * it keeps for later), that connection is closed under it and must be replaced, not used forever.
 */
class ScriptConnectionTest extends TestBase {

    @Autowired
    private LettuceConnectionFactory redisConnections;

    @Test
    void theScriptsReconnectWhenTheRedisClientIsMadeAnew() {
        assertThat(queue.enter(1, 1).get("rank")).isEqualTo(1);

        redisConnections.stop();
        redisConnections.start();

        assertThat(queue.enter(2, 1).get("rank")).isEqualTo(2);
    }
}
