package io.waitingroom.queue;

/**
 * What is left to sell behind a line: seats free; none free but some held by buyers paying (they
 * come back if a hold lapses or is cancelled); or nothing free, held or left, after a sale.
 */
public enum Availability {
    AVAILABLE, ALL_HELD, SOLD_OUT
}
