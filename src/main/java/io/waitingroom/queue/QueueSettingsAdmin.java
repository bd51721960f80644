package io.waitingroom.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.waitingroom.common.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Operators' live controls. Overrides live in Redis, so every instance picks them up on its next
 * tick; this instance applies them at once.
 */
@Component
public class QueueSettingsAdmin {

    private static final Logger log = LoggerFactory.getLogger(QueueSettingsAdmin.class);

    private final WaitingLine line;
    private final QueueableConcerts concerts;
    private final QueueSnapshots snapshots;
    private final QueueSettings defaults;
    /** Compared as digests: both sides are 32 bytes, so the time taken tells nothing, not even the key's length. */
    private final byte[] adminKeyDigest;

    QueueSettingsAdmin(WaitingLine line, QueueableConcerts concerts, QueueSnapshots snapshots, WaitingRoomProperties properties) {
        this.line = line;
        this.concerts = concerts;
        this.snapshots = snapshots;
        this.defaults = properties.defaults();
        String key = properties.adminKey();
        if (key == null || key.isBlank()) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            key = HexFormat.of().formatHex(random);
            log.warn("waiting-room.admin-key is not set: generated admin key for this process: {}", key);
        }
        this.adminKeyDigest = sha256(key);
    }

    /** A change from an operator: fields left out keep their current value. */
    public record SettingsChange(Integer admitPerTick, Long tickMillis, Integer maxActive, Long activeTtlSeconds, Boolean paused) {
    }

    public Mono<QueueSettings> current(String givenKey, long concertId) {
        return authorized(givenKey, concertId).then(Mono.defer(() -> read(concertId)));
    }

    public Mono<QueueSettings> change(String givenKey, long concertId, SettingsChange change) {
        return authorized(givenKey, concertId)
                .then(Mono.defer(() -> read(concertId)))
                .map(current -> merge(current, change))
                .flatMap(next -> line.saveSettings(concertId, next).thenReturn(next))
                .doOnNext(next -> snapshots.applySettings(concertId, next));
    }

    QueueSettings fromOverrides(List<Object> raw) {
        return new QueueSettings(
                (int) number(raw.get(0), defaults.admitPerTick()),
                number(raw.get(1), defaults.tickMillis()),
                (int) number(raw.get(2), defaults.maxActive()),
                number(raw.get(3), defaults.activeTtlSeconds()),
                raw.get(4) == null || raw.get(4).toString().isEmpty() ? defaults.paused() : "1".equals(raw.get(4).toString()));
    }

    private Mono<QueueSettings> read(long concertId) {
        return line.settingsOverrides(concertId).map(overrides -> fromOverrides(List.of(
                orEmpty(overrides, "admitPerTick"), orEmpty(overrides, "tickMillis"), orEmpty(overrides, "maxActive"),
                orEmpty(overrides, "activeTtlSeconds"), orEmpty(overrides, "paused"))));
    }

    private Mono<Void> authorized(String givenKey, long concertId) {
        if (givenKey == null || !MessageDigest.isEqual(adminKeyDigest, sha256(givenKey))) {
            return Mono.error(ProblemException.unauthorized("ADMIN_KEY_REQUIRED", "A valid X-Admin-Key is required"));
        }
        return concerts.exists(concertId).flatMap(known -> known
                ? Mono.<Void>empty()
                : Mono.error(ProblemException.notFound("CONCERT_NOT_FOUND", "No concert " + concertId)));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static QueueSettings merge(QueueSettings current, SettingsChange change) {
        if (change == null) {
            throw ProblemException.badRequest("INVALID_REQUEST", "A settings body is required");
        }
        QueueSettings next = new QueueSettings(
                change.admitPerTick() != null ? change.admitPerTick() : current.admitPerTick(),
                change.tickMillis() != null ? change.tickMillis() : current.tickMillis(),
                change.maxActive() != null ? change.maxActive() : current.maxActive(),
                change.activeTtlSeconds() != null ? change.activeTtlSeconds() : current.activeTtlSeconds(),
                change.paused() != null ? change.paused() : current.paused());
        List<String> violations = next.violations();
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("INVALID_REQUEST", String.join("; ", violations));
        }
        return next;
    }

    private static Object orEmpty(Map<Object, Object> overrides, String field) {
        return overrides.getOrDefault(field, "");
    }

    private static long number(Object raw, long fallback) {
        if (raw == null || raw.toString().isEmpty()) {
            return fallback;
        }
        return Long.parseLong(raw.toString());
    }
}
