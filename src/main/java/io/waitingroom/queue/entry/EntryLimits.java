package io.waitingroom.queue.entry;

import java.time.Duration;
import java.util.List;

import io.waitingroom.queue.WaitingLine;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits against entry floods, counted per concert inside the entry script itself (no extra
 * round trip): a user may enter {@code entriesPerUser} times per {@code period}, in a burst or
 * spread out; a client address {@code entriesPerAddress} times (0: no address limit, the default,
 * since whole offices and mobile carriers share addresses). Beyond that: 429 with Retry-After.
 *
 * @param trustedProxies addresses or CIDR ranges of the proxies in front of the service; only a
 *                       request arriving from one of them has its {@code X-Forwarded-For} believed
 */
@ConfigurationProperties("waiting-room.limits")
public record EntryLimits(
        @DefaultValue("20") int entriesPerUser,
        @DefaultValue("0") int entriesPerAddress,
        @DefaultValue("1m") Duration period,
        @DefaultValue("") List<String> trustedProxies) {

    public EntryLimits {
        if (entriesPerUser < 0 || entriesPerAddress < 0 || period.toMillis() < 1000) {
            throw new IllegalArgumentException("waiting-room.limits: entries-per-user and entries-per-address >= 0 "
                    + "(0 = off), period >= 1s");
        }
        trustedProxies = trustedProxies.stream().filter(proxy -> !proxy.isBlank()).toList();
    }

    WaitingLine.Limit perUser() {
        return limit(entriesPerUser);
    }

    WaitingLine.Limit perAddress() {
        return limit(entriesPerAddress);
    }

    private WaitingLine.Limit limit(int entries) {
        return entries == 0 ? WaitingLine.Limit.OFF : new WaitingLine.Limit(Math.max(1, period.toMillis() / entries), entries);
    }
}
