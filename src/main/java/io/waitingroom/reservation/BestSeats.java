package io.waitingroom.reservation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** From each row on, take rows in order until there are enough; the fewest rows, then the narrowest, wins. */
    private static Optional<List<Seats.Seat>> closestGroup(TreeMap<Integer, List<Seats.Seat>> rows, int count) {
        List<Seats.Seat> best = null;
        int bestRows = Integer.MAX_VALUE;
        int bestSpread = Integer.MAX_VALUE;
        for (Map.Entry<Integer, List<Seats.Seat>> start : rows.entrySet()) {
            List<Seats.Seat> group = new ArrayList<>();
            int lastRow = start.getKey();
            for (Map.Entry<Integer, List<Seats.Seat>> row : rows.tailMap(start.getKey(), true).entrySet()) {
                if (row.getKey() != lastRow && row.getKey() != lastRow + 1) {
                    break;
                }
                lastRow = row.getKey();
                List<Seats.Seat> seats = row.getValue();
                group.addAll(narrowest(seats, Math.min(seats.size(), count - group.size())));
                if (group.size() == count) {
                    break;
                }
            }
            if (group.size() < count) {
                continue;
            }
            int spanRows = lastRow - start.getKey() + 1;
            int spread = group.stream().mapToInt(Seats.Seat::number).max().orElse(0)
                    - group.stream().mapToInt(Seats.Seat::number).min().orElse(0);
            if (spanRows < bestRows || (spanRows == bestRows && spread < bestSpread)) {
                best = group;
                bestRows = spanRows;
                bestSpread = spread;
            }
        }
        return Optional.ofNullable(best).map(List::copyOf);
    }

    /** The {@code n} seats of a row that lie closest together. */
    private static List<Seats.Seat> narrowest(List<Seats.Seat> row, int n) {
        int bestFrom = 0;
        for (int from = 1; from + n <= row.size(); from++) {
            if (row.get(from + n - 1).number() - row.get(from).number()
                    < row.get(bestFrom + n - 1).number() - row.get(bestFrom).number()) {
                bestFrom = from;
            }
        }
        return row.subList(bestFrom, bestFrom + n);
    }
}
