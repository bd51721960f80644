package io.waitingroom.queue;

import java.util.List;

/**
 * Redis keys of one concert's queue. All share the hash tag {@code {concertId}}, so every
 * script touches one Redis Cluster slot and the service runs on a cluster unchanged.
 */
record QueueKeys(String prefix) {

    static QueueKeys of(long concertId) {
        return new QueueKeys("wr:{" + concertId + "}:");
    }

    String seq() {
        return prefix + "seq";
    }

    String waiting() {
        return prefix + "waiting";
    }

    String seen() {
        return prefix + "seen";
    }

    String tokens() {
        return prefix + "tokens";
    }

    String active() {
        return prefix + "active";
    }

    String settings() {
        return prefix + "settings";
    }

    String due() {
        return prefix + "due";
    }

    String admissions() {
        return prefix + "admissions";
    }

    String passPrefix() {
        return prefix + "pass:";
    }

    String pass(long userId) {
        return passPrefix() + userId;
    }

    List<String> forEntry(long userId) {
        return List.of(seq(), waiting(), seen(), tokens(), active(), pass(userId));
    }

    List<String> forToken(long userId) {
        return List.of(waiting(), seen(), tokens(), active(), pass(userId));
    }

    List<String> forPass(long userId) {
        return List.of(active(), pass(userId));
    }

    List<String> forTick() {
        return List.of(waiting(), seen(), tokens(), active(), settings(), due(), admissions());
    }

    List<String> forStats() {
        return List.of(waiting(), active(), admissions(), settings());
    }
}
