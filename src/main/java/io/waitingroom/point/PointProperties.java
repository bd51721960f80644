package io.waitingroom.point;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxCharge  largest single charge
 * @param maxBalance a wallet never holds more than this (also keeps sums far from overflow)
 * @param lockWait   how long a point movement waits for the user's wallet lock
 * @param lockLease  how long a wallet lock lives if its holder dies
 */
@ConfigurationProperties("points")
public record PointProperties(
        @DefaultValue("1000000") long maxCharge,
        @DefaultValue("1000000000") long maxBalance,
        @DefaultValue("2s") Duration lockWait,
        @DefaultValue("10s") Duration lockLease) {

    public PointProperties {
        if (maxCharge < 1 || maxBalance < maxCharge) {
            throw new IllegalArgumentException("points.max-charge must be >= 1 and <= points.max-balance");
        }
    }
}
