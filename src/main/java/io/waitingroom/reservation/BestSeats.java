package io.waitingroom.reservation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import io.waitingroom.concert.Seats;

/**
 * Best available: {@code count} seats side by side in one row when the section has them (the
 * front-most such row, the run nearest the row's middle); otherwise the closest group: the fewest
 * rows next to each other, then the narrowest spread across them.
 */
final class BestSeats {

    private BestSeats() {
    }

    /** @param free the section's free seats; {@code seatsPerRow} is the width of its rows */
    static Optional<List<Seats.Seat>> choose(List<Seats.Seat> free, int count, int seatsPerRow) {
        if (count < 1 || free.size() < count) {
            return Optional.empty();
        }
        TreeMap<Integer, List<Seats.Seat>> rows = new TreeMap<>();
        for (Seats.Seat seat : free) {
            rows.computeIfAbsent(seat.row(), row -> new ArrayList<>()).add(seat);
        }
        rows.values().forEach(row -> row.sort((a, b) -> Integer.compare(a.number(), b.number())));
        return sideBySide(rows, count, seatsPerRow).or(() -> closestGroup(rows, count));
    }

    private static Optional<List<Seats.Seat>> sideBySide(TreeMap<Integer, List<Seats.Seat>> rows, int count, int seatsPerRow) {
        double middle = (seatsPerRow + 1) / 2.0;
        for (List<Seats.Seat> row : rows.values()) {
            List<Seats.Seat> best = null;
            double bestDistance = Double.MAX_VALUE;
            for (int from = 0; from + count <= row.size(); from++) {
                List<Seats.Seat> run = row.subList(from, from + count);
                if (run.get(count - 1).number() - run.get(0).number() != count - 1) {
                    continue;
                }
                double distance = Math.abs((run.get(0).number() + run.get(count - 1).number()) / 2.0 - middle);
                if (distance < bestDistance) {
                    best = run;
                    bestDistance = distance;
                }
            }
            if (best != null) {
                return Optional.of(List.copyOf(best));
            }
        }
        return Optional.empty();
    }

    /**
     * The fewest rows next to each other that hold enough free seats; among those, the seats whose
     * numbers lie closest together (the front-most on a tie).
     */
    private static Optional<List<Seats.Seat>> closestGroup(TreeMap<Integer, List<Seats.Seat>> rows, int count) {
        List<Integer> rowNumbers = new ArrayList<>(rows.keySet());
        for (int span = 1; span <= rowNumbers.size(); span++) {
            List<Seats.Seat> best = null;
            int bestSpread = Integer.MAX_VALUE;
            for (int first = 0; first + span <= rowNumbers.size(); first++) {
                if (rowNumbers.get(first + span - 1) - rowNumbers.get(first) != span - 1) {
                    continue;
                }
                List<Seats.Seat> group = new ArrayList<>();
                for (int i = first; i < first + span; i++) {
                    group.addAll(rows.get(rowNumbers.get(i)));
                }
                if (group.size() < count) {
                    continue;
                }
                group.sort(Comparator.comparingInt(Seats.Seat::number).thenComparingInt(Seats.Seat::row));
                for (int from = 0; from + count <= group.size(); from++) {
                    int spread = group.get(from + count - 1).number() - group.get(from).number();
                    if (spread < bestSpread) {
                        best = group.subList(from, from + count);
                        bestSpread = spread;
                    }
                }
            }
            if (best != null) {
                return Optional.of(best.stream().sorted(Comparator.comparingInt(Seats.Seat::row)
                        .thenComparingInt(Seats.Seat::number)).toList());
            }
        }
        return Optional.empty();
    }
}
