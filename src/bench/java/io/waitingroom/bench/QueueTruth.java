package io.waitingroom.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue-truth benchmark: drives a running service black-box, over HTTP, with simulated
 * browsers, and prints how far the ETA each waiter was told is from the wait they really had.
 * Every waiter polls every 0.5 s until admitted; its admission time is the midpoint between its
 * last WAITING poll and its first ACTIVE one. Error = |told - real| / real, over ETAs whose real
 * remaining wait was >= 5 s, told once the line had been admitting for >= 10 s and >= 5 s after
 * any settings change or mass departure. See src/bench/queue-truth.sh.
 *
 * <pre>java ... io.waitingroom.bench.QueueTruth http://127.0.0.1:18090 ADMIN_KEY [scenario ...]</pre>
 */
public final class QueueTruth {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL_EVERY = Duration.ofMillis(500);
    private static final long CONCERT = 2;

    private final String base;
    private final String adminKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(24);
    private long nextUser = 5_000_000L + (System.currentTimeMillis() % 1000) * 10_000;

    private QueueTruth(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    /** What one simulated browser saw. */
    private static final class Waiter {
        final long userId;
        final List<double[]> told = Collections.synchronizedList(new ArrayList<>()); // {at, eta, 1 if at entry}
        volatile String token;
        volatile double enteredAt;
        volatile double lastWaitingAt = Double.NaN;
        volatile double admittedAt = Double.NaN;
        volatile boolean left;

        Waiter(long userId) {
            this.userId = userId;
        }
    }

    /** A scenario: how the line is set up, who arrives when, and what happens during the drain. */
    private record Scenario(String name, Map<String, Object> settings, int waitingAtStart, List<Double> arrivals,
                            double leaveAfterAdmissionMin, double leaveAfterAdmissionMax, double waiterLeaveShare,
                            List<Change> changes) {
    }

    private record Change(double at, Map<String, Object> settings) {
    }

    private final class Run {
        final Scenario scenario;
        final Map<Long, Waiter> waiters = new ConcurrentHashMap<>();
        final List<Double> disturbances = Collections.synchronizedList(new ArrayList<>());
        final Random random = new Random(42);
        volatile long startNanos;
        volatile boolean started;

        Run(Scenario scenario) {
            this.scenario = scenario;
        }

        double now() {
            return (System.nanoTime() - startNanos) / 1e9;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:18090";
        String admin = args.length > 1 ? args[1] : "bench-admin";
        List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        QueueTruth bench = new QueueTruth(base, admin);
        try {
            bench.pausedLine();
            for (Scenario scenario : scenarios()) {
                if (only.isEmpty() || only.contains(scenario.name())) {
                    bench.report(bench.run(scenario));
                }
            }
        } finally {
            bench.clock.shutdownNow();
        }
    }

    private static List<Scenario> scenarios() {
        List<Double> trickle = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            trickle.add(2.0 + i * 0.3); // arrivals during the drain: 80 over 24 s
        }
        Map<String, Object> loose = Map.of("maxActive", 100_000, "activeTtlSeconds", 1800);
        return List.of(
                new Scenario("fixed-5-per-s", merge(loose, Map.of("admitPerTick", 1, "tickMillis", 200)),
                        120, trickle, 0, 0, 0, List.of()),
                new Scenario("max-active-binds", Map.of("admitPerTick", 5, "tickMillis", 200, "maxActive", 20, "activeTtlSeconds", 1800),
                        120, trickle, 2, 6, 0, List.of()),
                new Scenario("rate-lowered", merge(loose, Map.of("admitPerTick", 2, "tickMillis", 200)),
                        120, trickle, 0, 0, 0, List.of(new Change(8, Map.of("admitPerTick", 3, "tickMillis", 1000)))),
                new Scenario("rate-raised", merge(loose, Map.of("admitPerTick", 3, "tickMillis", 1000)),
                        120, trickle, 0, 0, 0, List.of(new Change(8, Map.of("admitPerTick", 2, "tickMillis", 200)))),
                new Scenario("max-active-raised", Map.of("admitPerTick", 5, "tickMillis", 200, "maxActive", 15, "activeTtlSeconds", 1800),
                        120, trickle, 2, 6, 0, List.of(new Change(8, Map.of("maxActive", 30)))),
                new Scenario("waiters-leave", merge(loose, Map.of("admitPerTick", 1, "tickMillis", 200)),
                        120, trickle, 0, 0, 0.2, List.of()));
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> merged = new java.util.HashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    /** A paused line must promise no time. */
    private void pausedLine() throws Exception {
        settings(Map.of("paused", true, "admitPerTick", 5, "tickMillis", 1000, "maxActive", 100_000));
        List<Waiter> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Waiter waiter = new Waiter(nextUser++);
            six.add(waiter);
            enter(waiter, null);
        }
        JsonNode poll = JSON.readTree(send("GET", "/api/v1/queue/tokens/me", Map.of("Authorization", "Bearer " + six.get(5).token), null).body());
        System.out.printf(Locale.ROOT, "%-20s rank %s told etaSeconds=%s pollAfterMillis=%s paused=%s%n", "paused-line",
                poll.path("rank"), poll.path("etaSeconds"), poll.path("pollAfterMillis"), poll.path("paused"));
        for (Waiter waiter : six) {
            send("DELETE", "/api/v1/queue/tokens/me", Map.of("Authorization", "Bearer " + waiter.token), null);
        }
    }

    private Run run(Scenario scenario) throws Exception {
        Run run = new Run(scenario);
        Map<String, Object> start = new java.util.HashMap<>(scenario.settings());
        start.put("paused", true);
        settings(start);
        run.startNanos = System.nanoTime();
        for (int i = 0; i < scenario.waitingAtStart(); i++) {
            Waiter waiter = new Waiter(nextUser++);
            run.waiters.put(waiter.userId, waiter);
            enter(waiter, run);
        }
        int total = scenario.waitingAtStart() + scenario.arrivals().size();
        CountDownLatch done = new CountDownLatch(total);
        for (Waiter waiter : run.waiters.values()) {
            schedulePoll(run, waiter, done, run.random.nextInt((int) POLL_EVERY.toMillis()));
        }
        run.startNanos = System.nanoTime();
        run.started = true;
        settings(Map.of("paused", false));
        for (double at : scenario.arrivals()) {
            clock.schedule(() -> arrive(run, done), (long) (at * 1000), TimeUnit.MILLISECONDS);
        }
        for (Change change : scenario.changes()) {
            clock.schedule(() -> {
                run.disturbances.add(run.now());
                settings(change.settings());
            }, (long) (change.at() * 1000), TimeUnit.MILLISECONDS);
        }
        if (scenario.waiterLeaveShare() > 0) {
            for (Waiter waiter : List.copyOf(run.waiters.values())) {
                if (run.random.nextDouble() < scenario.waiterLeaveShare()) {
                    long at = 1_000 + run.random.nextInt(30_000);
                    clock.schedule(() -> leaveWhileWaiting(run, waiter, done), at, TimeUnit.MILLISECONDS);
                }
            }
        }
        if (!done.await(240, TimeUnit.SECONDS)) {
            System.out.printf("%s: %d waiters were not admitted within 240 s%n", scenario.name(), done.getCount());
        }
        for (Waiter waiter : run.waiters.values()) {
            send("DELETE", "/api/v1/queue/tokens/me", Map.of("Authorization", "Bearer " + waiter.token), null);
        }
        settings(Map.of("paused", false, "admitPerTick", 100, "tickMillis", 1000, "maxActive", 5000, "activeTtlSeconds", 1800));
        return run;
    }

    private void arrive(Run run, CountDownLatch done) {
        Waiter waiter = new Waiter(nextUserId());
        run.waiters.put(waiter.userId, waiter);
        enter(waiter, run);
        schedulePoll(run, waiter, done, POLL_EVERY.toMillis());
    }

    private synchronized long nextUserId() {
        return nextUser++;
    }

    private void enter(Waiter waiter, Run run) {
        try {
            var response = send("POST", "/api/v1/queue/tokens", Map.of("X-User-Id", Long.toString(waiter.userId),
                    "Content-Type", "application/json"), "{\"concertId\":" + CONCERT + "}");
            JsonNode body = JSON.readTree(response.body());
            waiter.token = body.path("token").asString();
            if (run != null) {
                waiter.enteredAt = run.now();
                if (run.started) {
                    record(waiter, run, body, true);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("entry failed", e);
        }
    }

    private void schedulePoll(Run run, Waiter waiter, CountDownLatch done, long delayMillis) {
        clock.schedule(() -> poll(run, waiter, done), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void poll(Run run, Waiter waiter, CountDownLatch done) {
        if (waiter.left) {
            return;
        }
        try {
            double at = run.now();
            JsonNode body = JSON.readTree(send("GET", "/api/v1/queue/tokens/me", Map.of("Authorization", "Bearer " + waiter.token), null).body());
            String status = body.path("status").asString();
            if ("ACTIVE".equals(status)) {
                waiter.admittedAt = Double.isNaN(waiter.lastWaitingAt) ? at : (waiter.lastWaitingAt + at) / 2;
                done.countDown();
                if (run.scenario.leaveAfterAdmissionMax() > 0) {
                    double stay = run.scenario.leaveAfterAdmissionMin()
                            + run.random.nextDouble() * (run.scenario.leaveAfterAdmissionMax() - run.scenario.leaveAfterAdmissionMin());
                    clock.schedule(() -> send("DELETE", "/api/v1/queue/tokens/me", Map.of("Authorization", "Bearer " + waiter.token), null),
                            (long) (stay * 1000), TimeUnit.MILLISECONDS);
                }
                return;
            }
            if (!"WAITING".equals(status)) {
                done.countDown();
                return;
            }
            waiter.lastWaitingAt = at;
            if (run.started) {
                record(waiter, run, body, false);
            }
        } catch (Exception e) {
            System.out.println("poll failed: " + e);
        }
        schedulePoll(run, waiter, done, POLL_EVERY.toMillis());
    }

    private static void record(Waiter waiter, Run run, JsonNode body, boolean atEntry) {
        JsonNode eta = body.path("etaSeconds");
        if (eta.isNumber()) {
            waiter.told.add(new double[]{run.now(), eta.asDouble(), atEntry ? 1 : 0});
        }
    }

    private void leaveWhileWaiting(Run run, Waiter waiter, CountDownLatch done) {
        if (!Double.isNaN(waiter.admittedAt) || waiter.left) {
            return;
        }
        waiter.left = true;
        send("DELETE", "/api/v1/queue/tokens/me", Map.of("Authorization", "Bearer " + waiter.token), null);
        done.countDown();
    }

    private void report(Run run) {
        dump(run);
        List<Double> entry = new ArrayList<>();
        List<Double> polls = new ArrayList<>();
        List<Double> disturbances = List.copyOf(run.disturbances);
        for (Waiter waiter : run.waiters.values()) {
            if (Double.isNaN(waiter.admittedAt)) {
                continue;
            }
            for (double[] told : List.copyOf(waiter.told)) {
                double real = waiter.admittedAt - told[0];
                boolean settled = disturbances.stream().noneMatch(d -> told[0] >= d && told[0] < d + 5);
                if (real >= 5 && told[0] >= 10 && settled) {
                    (told[2] == 1 ? entry : polls).add(Math.abs(told[1] - real) / real);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-20s at entry: median %5.1f%%  p90 %5.1f%%  (n=%d)   at polls: median %5.1f%%  p90 %5.1f%%  (n=%d)   order kept: %s%n",
                run.scenario.name(), 100 * percentile(entry, 0.5), 100 * percentile(entry, 0.9), entry.size(),
                100 * percentile(polls, 0.5), 100 * percentile(polls, 0.9), polls.size(), orderKept(run));
    }

    /** With QUEUE_TRUTH_DUMP=dir: every ETA told, as CSV (user, told at, eta, admitted at), for a closer look. */
    private static void dump(Run run) {
        String dir = System.getenv("QUEUE_TRUTH_DUMP");
        if (dir == null) {
            return;
        }
        StringBuilder csv = new StringBuilder("user,toldAt,eta,atEntry,enteredAt,admittedAt\n");
        for (Waiter waiter : run.waiters.values()) {
            for (double[] told : List.copyOf(waiter.told)) {
                csv.append(String.format(Locale.ROOT, "%d,%.3f,%.0f,%.0f,%.3f,%.3f%n", waiter.userId, told[0], told[1], told[2],
                        waiter.enteredAt, waiter.admittedAt));
            }
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(dir, run.scenario.name() + ".csv"), csv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Admitted in entry order: nobody admitted more than a tick before someone who entered earlier. */
    private static String orderKept(Run run) {
        List<Waiter> admitted = run.waiters.values().stream().filter(w -> !Double.isNaN(w.admittedAt))
                .sorted((a, b) -> Long.compare(a.userId, b.userId)).toList();
        int inversions = 0;
        double latestSoFar = Double.NEGATIVE_INFINITY;
        for (Waiter waiter : admitted) {
            if (waiter.admittedAt + 1.0 < latestSoFar) {
                inversions++;
            }
            latestSoFar = Math.max(latestSoFar, waiter.admittedAt);
        }
        return inversions == 0 ? "yes" : inversions + " out of order";
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    private void settings(Map<String, Object> settings) {
        send("PUT", "/admin/queues/" + CONCERT + "/settings", Map.of("X-Admin-Key", adminKey, "Content-Type", "application/json"),
                JSON.writeValueAsString(settings));
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
