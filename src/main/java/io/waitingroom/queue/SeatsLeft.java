package io.waitingroom.queue;

/**
 * A concert's seat counts as the admission tick read them (all its dates to come), and what they
 * mean for the line. {@link #UNKNOWN} until the inventory is first counted: then the line is
 * bounded by maxActive alone, as before there was an inventory.
 */
public record SeatsLeft(Availability availability, Long free, Long held, Long sold) {

    public static final SeatsLeft UNKNOWN = new SeatsLeft(Availability.AVAILABLE, null, null, null);

    /** As admission_tick.lua answers: code 0 unknown, 1 AVAILABLE, 2 ALL_HELD, 3 SOLD_OUT; counts -1 when unknown. */
    static SeatsLeft fromScript(long code, long free, long held, long sold) {
        if (code == 0) {
            return UNKNOWN;
        }
        Availability availability = code == 2 ? Availability.ALL_HELD : code == 3 ? Availability.SOLD_OUT : Availability.AVAILABLE;
        return new SeatsLeft(availability, free, held, sold);
    }
}
