package io.waitingroom.reservation;

import java.util.ArrayList;
import java.util.List;

import io.waitingroom.concert.SeatStatus;
import io.waitingroom.concert.Seats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BestSeatsTest {

    private static final int WIDTH = 10;

    @Test
    void sideBySideInTheFrontRowNearestItsMiddle() {
        assertThat(labels(BestSeats.choose(rows(3), 4, WIDTH).orElseThrow())).containsExactly("1-4", "1-5", "1-6", "1-7");
        assertThat(labels(BestSeats.choose(rows(3), 1, WIDTH).orElseThrow())).containsExactly("1-5");
    }

    @Test
    void aFrontRowWithoutRoomForThePartyIsPassedForTheNextThatHasIt() {
        // Row 1 has 6 free seats, but never 4 together: 1,2,4,5,7,8 (3, 6, 9, 10 taken).
        List<Seats.Seat> free = new ArrayList<>(rows(2));
        free.removeIf(seat -> seat.row() == 1 && List.of(3, 6, 9, 10).contains(seat.number()));
        assertThat(labels(BestSeats.choose(free, 4, WIDTH).orElseThrow())).containsExactly("2-4", "2-5", "2-6", "2-7");
    }

    @Test
    void withoutFourTogetherAnywhereTheFewestRowsThenTheNarrowestSpreadWin() {
        // Rows 1 and 2 both have 1,2 and 9,10 free; row 3 has 1..3 free.
        List<Seats.Seat> free = new ArrayList<>();
        for (int row = 1; row <= 2; row++) {
            for (int number : new int[]{1, 2, 9, 10}) {
                free.add(seat(row, number));
            }
        }
        free.add(seat(3, 1));
        free.add(seat(3, 2));
        free.add(seat(3, 3));
        // One row with a gap beats two rows side by side: 1, 2, 9, 10 of row 1.
        assertThat(labels(BestSeats.choose(free, 4, WIDTH).orElseThrow())).containsExactly("1-1", "1-2", "1-9", "1-10");
        // No row has 5: two adjacent rows, the narrowest spread (rows 2 and 3 around seats 1..3).
        assertThat(labels(BestSeats.choose(free, 5, WIDTH).orElseThrow())).containsExactlyInAnyOrder("2-1", "2-2", "3-1", "3-2", "3-3");
    }

    @Test
    void rowsThatAreNotNextToEachOtherAreNotAGroup() {
        List<Seats.Seat> free = List.of(seat(1, 1), seat(1, 2), seat(3, 1), seat(3, 2));
        assertThat(BestSeats.choose(free, 3, WIDTH)).isEmpty();
        assertThat(BestSeats.choose(free, 2, WIDTH).map(BestSeatsTest::labels)).contains(List.of("1-1", "1-2"));
    }

    @Test
    void tooFewFreeSeatsIsNoChoice() {
        assertThat(BestSeats.choose(List.of(seat(1, 1)), 2, WIDTH)).isEmpty();
        assertThat(BestSeats.choose(List.of(), 1, WIDTH)).isEmpty();
    }

    private static List<Seats.Seat> rows(int rows) {
        List<Seats.Seat> seats = new ArrayList<>();
        for (int row = 1; row <= rows; row++) {
            for (int number = 1; number <= WIDTH; number++) {
                seats.add(seat(row, number));
            }
        }
        return seats;
    }

    private static Seats.Seat seat(int row, int number) {
        return new Seats.Seat(row * 100L + number, (row - 1) * WIDTH + number, 1000, SeatStatus.AVAILABLE, 1, row, number,
                Seats.label("S", row, number));
    }

    private static List<String> labels(List<Seats.Seat> seats) {
        return seats.stream().map(seat -> seat.row() + "-" + seat.number()).toList();
    }
}
