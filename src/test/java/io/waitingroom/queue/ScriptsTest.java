package io.waitingroom.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.waitingroom.queue.LuaScripts.Script;
import io.waitingroom.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scripts of redis/ run directly against the real Redis (the embedded one, or the machine's or
 * a cluster in the other profiles), each with its KEYS and ARGV spelled out as the header of its
 * file documents them: the exact reply, its record, and what the script left in Redis. One line of
 * its own (concert 9001) that no other test uses; its keys are deleted before and after each test.
 */
@IntegrationTest
class ScriptsTest {

    private static final Duration CALL = Duration.ofSeconds(10);
    private static final long CONCERT = 9001;
    private static final QueueKeys KEYS = QueueKeys.of(CONCERT);
    private static final long POST_START = 1L << 50;
    private static final String ADDRESS = "192.0.2.7";
    private static final int USERS = 12;
    private static final long TTL_SECONDS = 60;
    private static final long TICK_MILLIS = 1000;
    private static final String OPEN = "0";

    private static final Script ENTER = Script.load("enter_queue");
    private static final Script POLL = Script.load("poll_position");
    private static final Script CHECK_PASS = Script.load("check_pass");
    private static final Script GIVE_UP = Script.load("give_up_place");
    private static final Script TICK = Script.load("admission_tick");
    private static final Script STATS = Script.load("queue_stats");
    private static final Script CHANGE_SETTINGS = Script.load("change_settings");

    @Autowired
    private LuaScripts scripts;
    @Autowired
    private ReactiveStringRedisTemplate redis;

    /** The instance clock as callers pass it (ARGV "now"); real time, since passes expire by Redis's clock (PXAT). */
    private long now;
    /** A sale start an hour away by Redis's clock, which decides whether a sale has opened. */
    private String later;

    @BeforeEach
    @AfterEach
    void forgetTheLine() {
        List<String> keys = new ArrayList<>(List.of(KEYS.wholeLine()));
        for (long user = 1; user <= USERS; user++) {
            keys.addAll(List.of(KEYS.forEntry(user, ADDRESS)));
            keys.addAll(List.of(KEYS.forEntry(user, null)));
        }
        redis.delete(keys.stream().distinct().toArray(String[]::new)).block(CALL);
        now = System.currentTimeMillis();
        later = Long.toString(now + Duration.ofHours(1).toMillis());
    }

    // ---- the prelude ----

    /** A wrong SHA would not fail a call (NOSCRIPT falls back to sending the body), it would send every body every time. */
    @Test
    void eachScriptIsThePreludeThenItsFileAndRedisKnowsItByTheShaOfBoth() throws IOException {
        String prelude = classpath("redis/lib/prelude.lua");
        for (Script script : List.of(ENTER, POLL, CHECK_PASS, GIVE_UP, TICK, STATS, CHANGE_SETTINGS)) {
            assertThat(script.body()).as(script.name()).isEqualTo(prelude + classpath("redis/" + script.name() + ".lua"));
            String sha = redis.execute(RedisScript.of("return redis.sha1hex(ARGV[1])", String.class), List.of(),
                    List.of(script.body())).next().block(CALL);
            assertThat(sha).as(script.name()).isEqualTo(script.sha());
        }
    }

    // ---- enter_queue ----

    @Test
    void anEntryAfterTheStartTakesTheNextPlaceInLine() {
        assertThat(enter(1, "t1", OPEN)).containsExactly(1L, "t1", 1L, 0L, 1L, 0L);
        assertThat(EntryReply.from(enter(2, "t2", OPEN)))
                .isEqualTo(new EntryReply.Place(QueueStatus.WAITING, "t2", 2, 0, true, false));

        assertThat(waiting()).containsExactly("1", "2");
        assertThat(redis.opsForZSet().score(KEYS.forTick()[0], "1").block(CALL)).isEqualTo((double) (POST_START + 1));
        assertThat(redis.opsForZSet().score(KEYS.forTick()[0], "2").block(CALL)).isEqualTo((double) (POST_START + 2));
        assertThat(redis.opsForZSet().score(KEYS.forTick()[1], "2").block(CALL)).isEqualTo((double) now);
        assertThat(redis.opsForHash().entries(KEYS.forTick()[2]).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block(CALL)).isEqualTo(Map.of("1", "t1", "2", "t2"));
        assertThat(redis.opsForValue().get(KEYS.wholeLine()[0]).block(CALL)).isEqualTo("2");
    }

    @Test
    void reEnteringKeepsThePlaceAndTheFirstTokenAndMarksTheWaiterSeen() {
        enter(1, "t1", OPEN);
        enter(2, "t2", OPEN);

        assertThat(enterAt(1, "t-new", OPEN, now + 5)).containsExactly(1L, "t1", 1L, 0L, 0L, 0L);

        assertThat(waiting()).containsExactly("1", "2");
        assertThat(redis.opsForHash().get(KEYS.forTick()[2], "1").block(CALL)).isEqualTo("t1");
        assertThat(redis.opsForZSet().score(KEYS.forTick()[1], "1").block(CALL)).isEqualTo((double) (now + 5));
        assertThat(redis.opsForValue().get(KEYS.wholeLine()[0]).block(CALL)).isEqualTo("2");
    }

    @Test
    void beforeTheDefaultStartThePlaceIsTheDrawAndNoSequenceIsTaken() {
        assertThat(enter(1, "t1", later, 42)).containsExactly(1L, "t1", 1L, 0L, 1L, 1L);
        assertThat(enter(2, "t2", later, 7)).containsExactly(1L, "t2", 1L, 0L, 1L, 1L);

        assertThat(waiting()).containsExactly("2", "1");
        assertThat(redis.opsForZSet().score(KEYS.forTick()[0], "1").block(CALL)).isEqualTo(42.0);
        assertThat(redis.hasKey(KEYS.wholeLine()[0]).block(CALL)).isFalse();
    }

    @Test
    void aSaleStartSetToEmptyOpensEntriesWhateverTheDefault() {
        settings(Map.of("saleOpensAt", ""));

        assertThat(enter(1, "t1", later, 42)).containsExactly(1L, "t1", 1L, 0L, 1L, 0L);
        assertThat(redis.opsForZSet().score(KEYS.forTick()[0], "1").block(CALL)).isEqualTo((double) (POST_START + 1));
    }

    @Test
    void aSaleStartSetInTheFutureHoldsEntriesInThePreQueueWhateverTheDefault() {
        settings(Map.of("saleOpensAt", later));

        assertThat(enter(1, "t1", OPEN, 42)).containsExactly(1L, "t1", 1L, 0L, 1L, 1L);
        assertThat(redis.opsForZSet().score(KEYS.forTick()[0], "1").block(CALL)).isEqualTo(42.0);
    }

    @Test
    void aUserHoldingALivePassGetsThePassBackAndNoPlace() {
        pass(1, "p1", now + 60_000);

        assertThat(EntryReply.from(enter(1, "t-new", OPEN)))
                .isEqualTo(new EntryReply.Place(QueueStatus.ACTIVE, "p1", 0, now + 60_000, false, false));
        assertThat(waiting()).isEmpty();
    }

    @Test
    void theAddressLimitRefusesASecondEntryTooSoonAndChangesNothing() {
        assertThat(enterFrom(1, "t1", 1000)).containsExactly(1L, "t1", 1L, 0L, 1L, 0L);

        List<Object> refused = enterFrom(2, "t2", 1000);

        assertThat(refused).containsExactly(0L, 1000L, 2L);
        assertThat(EntryReply.from(refused)).isEqualTo(new EntryReply.Refused(1000, true));
        assertThat(waiting()).containsExactly("1");
    }

    // ---- poll_position ----

    @Test
    void aPollAnswersTheRankAndRefreshesOnlyAStaleSeenMark() {
        enter(1, "t1", OPEN);
        enter(2, "t2", OPEN);

        assertThat(poll(2, "t2", now + 999, 1000)).isEqualTo(2);
        assertThat(redis.opsForZSet().score(KEYS.forTick()[1], "2").block(CALL)).isEqualTo((double) now);

        assertThat(poll(2, "t2", now + 1000, 1000)).isEqualTo(2);
        assertThat(redis.opsForZSet().score(KEYS.forTick()[1], "2").block(CALL)).isEqualTo((double) (now + 1000));
        assertThat(PollReply.from(2)).isEqualTo(new PollReply(QueueStatus.WAITING, 2, 0));
    }

    @Test
    void aPollOfALivePassAnswersMinusItsExpiry() {
        pass(1, "t1", now + 60_000);

        long reply = poll(1, "t1", now, 1000);

        assertThat(reply).isEqualTo(-(now + 60_000));
        assertThat(PollReply.from(reply)).isEqualTo(new PollReply(QueueStatus.ACTIVE, 0, now + 60_000));
    }

    @Test
    void aPollOfAnOtherTokenOrASpentPassAnswersZero() {
        enter(1, "t1", OPEN);
        pass(2, "t2", now + 60_000);

        assertThat(poll(1, "t-other", now, 1000)).isZero();
        assertThat(poll(2, "t2", now + 60_000, 1000)).isZero();
        assertThat(PollReply.from(0)).isEqualTo(new PollReply(QueueStatus.EXPIRED, 0, 0));
    }

    // ---- check_pass ----

    @Test
    void aPassCheckAnswersTheExpiryOfALivePassOnlyToItsOwnToken() {
        pass(1, "t1", now + 60_000);

        assertThat(checkPass(1, "t1", now)).isEqualTo(now + 60_000);
        assertThat(checkPass(1, "t-other", now)).isZero();
        assertThat(checkPass(1, "t1", now + 60_000)).isZero();
        assertThat(checkPass(2, "t1", now)).isZero();
    }

    // ---- give_up_place ----

    @Test
    void givingUpAPlaceTakesTheWaiterOutOfTheLine() {
        enter(1, "t1", OPEN);
        enter(2, "t2", OPEN);

        assertThat(giveUp(1, "t1")).isEqualTo(1);

        assertThat(waiting()).containsExactly("2");
        assertThat(redis.opsForZSet().score(KEYS.forTick()[1], "1").block(CALL)).isNull();
        assertThat(redis.opsForHash().hasKey(KEYS.forTick()[2], "1").block(CALL)).isFalse();
        assertThat(giveUp(1, "t1")).isZero();
    }

    @Test
    void givingUpAPassEndsIt() {
        pass(1, "t1", now + 60_000);

        assertThat(giveUp(1, "t1")).isEqualTo(1);

        assertThat(redis.hasKey(KEYS.forPass(1)[1]).block(CALL)).isFalse();
        assertThat(redis.opsForZSet().score(KEYS.forTick()[3], "1").block(CALL)).isNull();
    }

    @Test
    void anOldTokenGivesUpNothing() {
        enter(1, "t1", OPEN);
        pass(2, "t2", now + 60_000);

        assertThat(giveUp(1, "t-old")).isZero();
        assertThat(giveUp(2, "t-old")).isZero();

        assertThat(waiting()).containsExactly("1");
        assertThat(redis.opsForValue().get(KEYS.forPass(2)[1]).block(CALL)).isEqualTo("t2");
    }

    // ---- admission_tick ----

    @Test
    void aDueTickAdmitsNoMoreThanTheFreeSlotsInLineOrder() {
        pass(9, "t9", now + 100_000);
        enterUsers(5);

        List<Object> reply = tick(now, 10, 3, OPEN);

        assertThat(reply).containsExactly(2L, 3L, 3L, 2L, 10L, TICK_MILLIS, 3L, TTL_SECONDS, 0L, 0L, 0L,
                "0", "0", "0", "0", "0", "0", "1", 0L, -1L, -1L, -1L);
        TickReply decoded = TickReply.from(reply);
        assertThat(decoded).usingRecursiveComparison().ignoringFields("endRatePerActive", "pace", "admissionsPerSecond")
                .isEqualTo(new TickReply(2, 3, 3, 2, new QueueSettings(10, TICK_MILLIS, 3, TTL_SECONDS, false, null), 0,
                        0, 0, 0));
        assertThat(List.of(decoded.endRatePerActive(), decoded.pace(), decoded.admissionsPerSecond()))
                .as("nothing measured before the second due tick").allMatch(average -> average.isNaN());
        assertAdmitted(1, 2);
        assertThat(waiting()).containsExactly("3", "4", "5");
        assertThat(redis.opsForValue().get(KEYS.forTick()[5]).block(CALL)).isEqualTo(Long.toString(now + TICK_MILLIS));
        assertThat(redis.opsForZSet().range(KEYS.forTick()[6], Range.unbounded()).collectList().block(CALL))
                .containsExactly(now + ":2");
    }

    @Test
    void aDueTickAdmitsNoMoreThanAdmitPerTick() {
        enterUsers(5);

        assertThat(TickReply.from(tick(now, 2, 100, OPEN)).admitted()).isEqualTo(2);

        assertAdmitted(1, 2);
        assertThat(waiting()).containsExactly("3", "4", "5");
    }

    @Test
    void aTickThatIsNotDueAdmitsNobody() {
        enterUsers(3);
        tick(now, 1, 100, OPEN);

        List<Object> early = tick(now + TICK_MILLIS - 1, 1, 100, OPEN);

        assertThat(early.subList(0, 4)).containsExactly(0L, 2L, 1L, 1L);
        assertThat(waiting()).containsExactly("2", "3");
        assertThat(redis.opsForValue().get(KEYS.forTick()[5]).block(CALL)).isEqualTo(Long.toString(now + TICK_MILLIS));
        assertThat(TickReply.from(tick(now + TICK_MILLIS, 1, 100, OPEN)).admitted()).isEqualTo(1);
        assertThat(waiting()).containsExactly("3");
    }

    @Test
    void aSaleStartSetInTheFutureHoldsAdmissionAndCountsThePreQueue() {
        settings(Map.of("saleOpensAt", later));
        enter(1, "t1", OPEN, 42);
        enter(2, "t2", OPEN, 7);

        List<Object> reply = tick(now, 10, 100, OPEN);

        assertThat(reply.subList(0, 11)).containsExactly(0L, 2L, 0L, 0L, 10L, TICK_MILLIS, 100L, TTL_SECONDS, 0L,
                Long.parseLong(later), 2L);
        TickReply decoded = TickReply.from(reply);
        assertThat(decoded.settings().saleOpensAt()).isEqualTo(Instant.ofEpochMilli(Long.parseLong(later)));
        assertThat(decoded.preQueue()).isEqualTo(2);
        assertThat(waiting()).containsExactly("2", "1");
        assertThat(redis.hasKey(KEYS.forTick()[5]).block(CALL)).as("the due fence stays where it was").isFalse();
    }

    @Test
    void aSaleStartSetToEmptyOpensAdmissionWhateverTheDefault() {
        enterUsers(2);
        settings(Map.of("saleOpensAt", ""));

        List<Object> reply = tick(now, 10, 100, later);

        assertThat(reply.subList(0, 11)).containsExactly(2L, 0L, 2L, 2L, 10L, TICK_MILLIS, 100L, TTL_SECONDS, 0L, 0L, 0L);
        assertAdmitted(1, 2);
    }

    @Test
    void aMissingSaleStartFallsBackToTheDefault() {
        enterUsers(2);

        List<Object> held = tick(now, 10, 100, later);

        assertThat(held.subList(0, 11)).containsExactly(0L, 2L, 0L, 0L, 10L, TICK_MILLIS, 100L, TTL_SECONDS, 0L,
                Long.parseLong(later), 0L);
        String past = Long.toString(now - 60_000);
        List<Object> opened = tick(now, 10, 100, past);
        assertThat(opened.subList(0, 11)).containsExactly(2L, 0L, 2L, 2L, 10L, TICK_MILLIS, 100L, TTL_SECONDS, 0L,
                Long.parseLong(past), 0L);
    }

    @Test
    void theSettingsHashOverridesTheDefaultsAndAPausedLineAdmitsNobody() {
        enterUsers(3);
        settings(Map.of("admitPerTick", "1", "maxActive", "50", "activeTtlSeconds", "30", "tickMillis", "500", "paused", "1"));

        assertThat(TickReply.from(tick(now, 10, 100, OPEN)))
                .usingRecursiveComparison().ignoringFields("endRatePerActive", "pace", "admissionsPerSecond")
                .isEqualTo(new TickReply(0, 3, 0, 0, new QueueSettings(1, 500, 50, 30, true, null), 0, 0, 0, 0));

        settings(Map.of("paused", "0"));
        assertThat(TickReply.from(tick(now, 10, 100, OPEN)).admitted()).isEqualTo(1);
        assertThat(redis.opsForZSet().score(KEYS.forTick()[3], "1").block(CALL)).isEqualTo((double) (now + 30_000));
        assertThat(redis.opsForValue().get(KEYS.forTick()[5]).block(CALL)).isEqualTo(Long.toString(now + 500));
    }

    @Test
    void aTickEndsSpentPassesAndEvictsWaitersWhoStoppedPolling() {
        pass(9, "t9", now - 1);
        enter(1, "t1", OPEN);
        enterAt(2, "t2", OPEN, now - 30_001);

        List<Object> reply = tick(now, 10, 100, OPEN);

        assertThat(reply.subList(0, 4)).containsExactly(1L, 0L, 1L, 1L);
        assertThat(redis.opsForZSet().score(KEYS.forTick()[3], "9").block(CALL)).isNull();
        assertThat(redis.hasKey(KEYS.forPass(9)[1]).block(CALL)).isFalse();
        assertThat(redis.opsForZSet().score(KEYS.forTick()[1], "2").block(CALL)).isNull();
        assertThat(redis.opsForHash().hasKey(KEYS.forTick()[2], "2").block(CALL)).isFalse();
        assertThat(waiting()).isEmpty();
        assertAdmitted(1);
    }

    @Test
    void theSecondDueTickMeasuresHowTheLineMoved() {
        enterUsers(4);
        tick(now, 2, 100, OPEN);

        TickReply second = TickReply.from(tick(now + TICK_MILLIS, 2, 100, OPEN));

        assertThat(second.admitted()).isEqualTo(2);
        assertThat(second.pace()).as("ticks kept time").isCloseTo(1.0, within(1e-9));
        assertThat(second.admissionsPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(second.endRatePerActive()).as("no pass ended").isZero();
        assertThat(redis.opsForHash().get(KEYS.forTick()[7], "activeAfter").block(CALL)).isEqualTo("4");
    }

    // ---- change_settings ----

    @Test
    void aChangeIsWrittenToTheSettingsHash() {
        assertThat(changeSettings(OPEN, "admitPerTick", "7", "paused", "1", "saleOpensAt", "")).isEqualTo(1);

        assertThat(settingsHash()).isEqualTo(Map.of("admitPerTick", "7", "paused", "1", "saleOpensAt", ""));
    }

    @Test
    void anOpenSaleWithPeopleInLineCannotMoveBackIntoTheFuture() {
        enter(1, "t1", OPEN);

        assertThat(changeSettings(OPEN, "admitPerTick", "7", "saleOpensAt", later)).isZero();

        assertThat(settingsHash()).isEmpty();
    }

    @Test
    void anOpenSaleWithALivePassCannotMoveBackIntoTheFutureButASpentPassDoesNotCount() {
        pass(1, "t1", now + 60_000);
        assertThat(changeSettings(OPEN, "saleOpensAt", later)).isZero();

        pass(1, "t1", now - 1);
        assertThat(changeSettings(OPEN, "saleOpensAt", later)).isEqualTo(1);
        assertThat(settingsHash()).isEqualTo(Map.of("saleOpensAt", later));
    }

    @Test
    void anEmptyLineOrOneWhoseDefaultStartHasNotComeMayMoveItsStart() {
        assertThat(changeSettings(OPEN, "saleOpensAt", later)).as("empty line").isEqualTo(1);

        redis.delete(KEYS.settings()).block(CALL);
        enter(1, "t1", later, 42);
        String sooner = Long.toString(now + 60_000);
        assertThat(changeSettings(later, "saleOpensAt", sooner)).as("the default start not yet come").isEqualTo(1);
        assertThat(settingsHash()).isEqualTo(Map.of("saleOpensAt", sooner));
    }

    @Test
    void aSaleOpenedByAnEmptyStartCannotMoveBackIntoTheFutureWhateverTheDefault() {
        settings(Map.of("saleOpensAt", ""));
        enter(1, "t1", later);

        assertThat(changeSettings(later, "saleOpensAt", later)).isZero();
        assertThat(settingsHash()).isEqualTo(Map.of("saleOpensAt", ""));
    }

    // ---- queue_stats ----

    @Test
    void statsCountTheLineTheLiveActivesTheWindowAndNameTheOverrides() {
        enterUsers(2);
        pass(9, "t9", now + 60_000);
        pass(8, "t8", now - 1);
        redis.opsForZSet().add(KEYS.forStats()[2], (now - 70_000) + ":3", now - 70_000).block(CALL);
        redis.opsForZSet().add(KEYS.forStats()[2], (now - 100) + ":2", now - 100).block(CALL);
        settings(Map.of("admitPerTick", "7", "paused", "1"));

        List<Object> reply = stats(60_000, OPEN);

        assertThat(reply).containsExactly(2L, 1L, 2L, 0L, "7", "", "", "", "1", 0L);
        assertThat(StatsReply.from(reply))
                .isEqualTo(new StatsReply(2, 1, 2, 0, Map.of("admitPerTick", "7", "paused", "1", "saleOpensAt", "")));
    }

    @Test
    void statsBeforeTheStartCountThePreQueueAndNameTheStartInForce() {
        enter(1, "t1", later, 42);
        enter(2, "t2", later, 7);

        assertThat(stats(60_000, later)).containsExactly(2L, 0L, 0L, 2L, "", "", "", "", "", Long.parseLong(later));

        settings(Map.of("saleOpensAt", ""));
        assertThat(stats(60_000, later)).containsExactly(2L, 0L, 0L, 0L, "", "", "", "", "", 0L);
    }

    // ---- running the scripts, with KEYS and ARGV as their headers name them ----

    private List<Object> enter(long user, String token, String defaultSaleOpensAt) {
        return enter(user, token, defaultSaleOpensAt, 1);
    }

    private List<Object> enter(long user, String token, String defaultSaleOpensAt, long draw) {
        return run(ENTER, KEYS.forEntry(user, null), Long.toString(user), token, Long.toString(now), Long.toString(draw),
                defaultSaleOpensAt, "0", "0", "0", "0");
    }

    private List<Object> enterAt(long user, String token, String defaultSaleOpensAt, long at) {
        return run(ENTER, KEYS.forEntry(user, null), Long.toString(user), token, Long.toString(at), "1",
                defaultSaleOpensAt, "0", "0", "0", "0");
    }

    /** With the address limit on (one entry per interval, no burst), from one address. */
    private List<Object> enterFrom(long user, String token, long addressIntervalMillis) {
        return run(ENTER, KEYS.forEntry(user, ADDRESS), Long.toString(user), token, Long.toString(now), "1", OPEN,
                "0", "0", Long.toString(addressIntervalMillis), "1");
    }

    private void enterUsers(int count) {
        for (long user = 1; user <= count; user++) {
            assertThat(enter(user, "t" + user, OPEN).get(2)).isEqualTo(user);
        }
    }

    private long poll(long user, String token, long at, long seenRefreshMillis) {
        return integer(POLL, KEYS.forToken(user), Long.toString(user), token, Long.toString(at),
                Long.toString(seenRefreshMillis));
    }

    private long checkPass(long user, String token, long at) {
        return integer(CHECK_PASS, KEYS.forPass(user), Long.toString(user), token, Long.toString(at));
    }

    private long giveUp(long user, String token) {
        return integer(GIVE_UP, KEYS.forToken(user), Long.toString(user), token);
    }

    /** Not paused, a 30 s idle timeout, a one-minute window of admissions and a 10 s averaging time constant. */
    private List<Object> tick(long at, int admitPerTick, int maxActive, String defaultSaleOpensAt) {
        return run(TICK, KEYS.forTick(), Long.toString(at), Integer.toString(admitPerTick), Long.toString(TICK_MILLIS),
                Integer.toString(maxActive), Long.toString(TTL_SECONDS), "0", "30000", KEYS.passPrefix(), "60000",
                "10000", defaultSaleOpensAt, "1.0");
    }

    private List<Object> stats(long windowMillis, String defaultSaleOpensAt) {
        return run(STATS, KEYS.forStats(), Long.toString(now), Long.toString(windowMillis), defaultSaleOpensAt);
    }

    private long changeSettings(String defaultSaleOpensAt, String... fieldsAndValues) {
        String[] args = Stream.concat(Stream.of(defaultSaleOpensAt, Long.toString(now)), Stream.of(fieldsAndValues))
                .toArray(String[]::new);
        return integer(CHANGE_SETTINGS, KEYS.forSettings(), args);
    }

    private static String classpath(String path) throws IOException {
        return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
    }

    private List<Object> run(Script script, String[] keys, String... args) {
        return scripts.list(script, keys, args).block(CALL);
    }

    private long integer(Script script, String[] keys, String... args) {
        return scripts.integer(script, keys, args).block(CALL);
    }

    // ---- the line's state ----

    /** An ACTIVE pass as the tick leaves it: its expiry in the active set and its token under its pass key. */
    private void pass(long user, String token, long activeUntil) {
        redis.opsForZSet().add(KEYS.forTick()[3], Long.toString(user), activeUntil).block(CALL);
        redis.opsForValue().set(KEYS.forPass(user)[1], token).block(CALL);
    }

    private void settings(Map<String, String> fields) {
        redis.opsForHash().putAll(KEYS.settings(), fields).block(CALL);
    }

    private Map<Object, Object> settingsHash() {
        return redis.opsForHash().entries(KEYS.settings()).collectMap(Map.Entry::getKey, Map.Entry::getValue).block(CALL);
    }

    private List<String> waiting() {
        return redis.opsForZSet().range(KEYS.forTick()[0], Range.unbounded()).collectList().block(CALL);
    }

    /** These users, and only they, hold a pass: in the active set until now + TTL, their token under the pass key. */
    private void assertAdmitted(long... users) {
        for (long user : users) {
            String member = Long.toString(user);
            assertThat(redis.opsForZSet().score(KEYS.forTick()[3], member).block(CALL)).as("user %d", user)
                    .isEqualTo((double) (now + TTL_SECONDS * 1000));
            assertThat(redis.opsForValue().get(KEYS.forPass(user)[1]).block(CALL)).isEqualTo("t" + user);
            assertThat(redis.opsForZSet().score(KEYS.forTick()[1], member).block(CALL)).isNull();
            assertThat(redis.opsForHash().hasKey(KEYS.forTick()[2], member).block(CALL)).isFalse();
        }
        List<String> active = redis.opsForZSet().range(KEYS.forTick()[3], Range.unbounded()).collectList().block(CALL);
        assertThat(active.stream().filter(member -> !member.equals("9")))
                .containsExactlyElementsOf(Arrays.stream(users).mapToObj(Long::toString).toList());
    }
}
