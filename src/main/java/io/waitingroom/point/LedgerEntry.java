package io.waitingroom.point;

import java.time.Instant;

/** One movement of points; {@code balanceAfter} is the wallet right after it. */
public record LedgerEntry(String type, long amount, long balanceAfter, Instant at) {
}
