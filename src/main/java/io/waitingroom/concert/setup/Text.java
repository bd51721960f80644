package io.waitingroom.concert.setup;

import java.util.List;

/** The rule for every name an operator types: present, not blank, not over-long. */
final class Text {

    private Text() {
    }

    static void check(String field, String value, int maxLength, List<String> violations) {
        if (value == null || value.isBlank()) {
            violations.add(field + " is required");
        } else if (value.strip().length() > maxLength) {
            violations.add(field + " must be at most " + maxLength + " characters");
        }
    }
}
