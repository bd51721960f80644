package io.waitingroom.reservation;

import java.util.List;
import java.util.stream.Collectors;

/** Which seats a hold asks for: one by its number, these by id, or the best N of a section. */
sealed interface SeatChoice {

    int count();

    /** What was asked, written the same way for the same choice: an idempotent retry is told by it. */
    String request(long scheduleId);

    record ByNumber(int seatNumber) implements SeatChoice {

        public int count() {
            return 1;
        }

        public String request(long scheduleId) {
            return scheduleId + ":number:" + seatNumber;
        }
    }

    record ByIds(List<Long> seatIds) implements SeatChoice {

        public int count() {
            return seatIds.size();
        }

        public String request(long scheduleId) {
            return scheduleId + ":seats:" + seatIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        }
    }

    record BestAvailable(long sectionId, int count) implements SeatChoice {

        public String request(long scheduleId) {
            return scheduleId + ":best:" + sectionId + "x" + count;
        }
    }
}
