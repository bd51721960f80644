package io.waitingroom.queue.position;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The poll and entry answers written by hand: they are the two bodies a stampede asks for, and
 * their fields are few and plain (numbers, booleans, ASCII tokens and ISO times), so there is
 * nothing to escape and no reason to pay for reflection on every one.
 */
public final class PositionJson {

    private PositionJson() {
    }

    /** {@code {"status",...,"saleOpensAt"}} as the poll answers it. */
    public static byte[] poll(PositionView view) {
        StringBuilder json = new StringBuilder(200).append('{');
        fields(json, view);
        return json.append('}').toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The entry answer: the token first, then the same fields. */
    public static byte[] entry(String token, PositionView view) {
        StringBuilder json = new StringBuilder(320).append("{\"token\":\"").append(token).append("\",");
        fields(json, view);
        return json.append('}').toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void fields(StringBuilder json, PositionView view) {
        json.append("\"status\":\"").append(view.status().name()).append('"');
        number(json, "rank", view.rank());
        number(json, "waitingAhead", view.waitingAhead());
        number(json, "etaSeconds", view.etaSeconds());
        json.append(",\"pollAfterMillis\":").append(view.pollAfterMillis());
        if (view.activeUntil() != null) {
            time(json, "activeUntil", view.activeUntil());
        }
        json.append(",\"paused\":").append(view.paused()).append(",\"preQueue\":").append(view.preQueue());
        time(json, "saleOpensAt", view.saleOpensAt());
        json.append(",\"availability\":\"").append(view.availability().name()).append('"');
    }

    private static void number(StringBuilder json, String name, Long value) {
        json.append(",\"").append(name).append("\":");
        if (value == null) {
            json.append("null");
        } else {
            json.append(value.longValue());
        }
    }

    private static void time(StringBuilder json, String name, Instant value) {
        json.append(",\"").append(name).append("\":");
        if (value == null) {
            json.append("null");
        } else {
            json.append('"').append(value).append('"');
        }
    }
}
