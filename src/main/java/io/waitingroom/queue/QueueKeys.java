package io.waitingroom.queue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Redis keys of one concert's queue. All share the hash tag {@code {concertId}}, so every
 * script touches one Redis Cluster slot and the service runs on a cluster unchanged. Built once
 * per concert: the poll path should not rebuild strings it already has.
 */
final class QueueKeys {

    private static final ConcurrentMap<Long, QueueKeys> BY_CONCERT = new ConcurrentHashMap<>();

    private final String prefix;
    private final String seq;
    private final String waiting;
    private final String seen;
    private final String tokens;
    private final String active;
    private final String settings;
    private final String passPrefix;
    private final String inventory;
    private final String noAddressLimit;
    private final String[] forTick;
    private final String[] forStats;
    private final String[] forSettings;
    private final String[] wholeLine;

    private QueueKeys(String prefix) {
        this.prefix = prefix;
        this.seq = prefix + "seq";
        this.waiting = prefix + "waiting";
        this.seen = prefix + "seen";
        this.tokens = prefix + "tokens";
        this.active = prefix + "active";
        this.settings = prefix + "settings";
        this.passPrefix = prefix + "pass:";
        this.inventory = prefix + "inventory";
        this.noAddressLimit = prefix + "limit:a:-";
        String admissions = prefix + "admissions";
        this.forTick = new String[]{waiting, seen, tokens, active, settings, prefix + "due", admissions, prefix + "rate",
                inventory};
        this.forStats = new String[]{waiting, active, admissions, settings};
        this.forSettings = new String[]{settings, waiting, active};
        this.wholeLine = new String[]{seq, waiting, seen, tokens, active, settings, prefix + "due", admissions, prefix + "rate"};
    }

    static QueueKeys of(long concertId) {
        QueueKeys keys = BY_CONCERT.get(concertId);
        if (keys == null) {
            // Only concerts that exist get here (entries check the catalogue, tokens are signed): it stays small.
            keys = BY_CONCERT.computeIfAbsent(concertId, id -> new QueueKeys("wr:{" + id + "}:"));
        }
        return keys;
    }

    /** Every key of the line but the per-user ones (passes, entry limits). */
    String[] wholeLine() {
        return wholeLine;
    }

    String settings() {
        return settings;
    }

    String inventory() {
        return inventory;
    }

    String passPrefix() {
        return passPrefix;
    }

    private String pass(long userId) {
        return passPrefix + userId;
    }

    /** {@code address} null when the per-address limit is off: the script then ignores that key. */
    String[] forEntry(long userId, String address) {
        return new String[]{seq, waiting, seen, tokens, active, pass(userId), settings, prefix + "limit:u:" + userId,
                address == null ? noAddressLimit : prefix + "limit:a:" + address};
    }

    String[] forToken(long userId) {
        return new String[]{waiting, seen, tokens, active, pass(userId)};
    }

    String[] forPass(long userId) {
        return new String[]{active, pass(userId)};
    }

    /** Shared arrays: the script runner only reads them. */
    String[] forTick() {
        return forTick;
    }

    String[] forStats() {
        return forStats;
    }

    String[] forSettings() {
        return forSettings;
    }
}
