package io.waitingroom.support;

import java.util.HashMap;
import java.util.Map;

import io.waitingroom.queue.WaitingRoomProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** WaitingRoomProperties as Spring binds them (every default applied), with a few settings of the test's own. */
public final class WaitingRoomPropertiesFixture {

    private WaitingRoomPropertiesFixture() {
    }

    public static WaitingRoomProperties with(Map<String, String> settings) {
        Map<String, String> source = new HashMap<>();
        settings.forEach((key, value) -> source.put("waiting-room." + key, value));
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("waiting-room", WaitingRoomProperties.class);
    }

    public static WaitingRoomProperties withTokenSecret(String secret) {
        return with(Map.of("token-secret", secret));
    }
}
