package io.waitingroom.support;

import java.time.Duration;

import io.waitingroom.queue.admission.AdmissionTick;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The usual start of an integration test: a clean slate before each test and the helpers most
 * tests compose ({@link QueueCalls}, {@link BookingCalls}, {@link BookingRecords}, {@link ScriptCalls});
 * {@link ManyClients} and {@link Waits} are static. A test that needs less uses
 * {@link IntegrationTest} and builds only the helpers it needs.
 */
@IntegrationTest
public abstract class TestBase {

    public static final String ADMIN_KEY = "test-admin-key";
    protected static final Duration CALL = Waits.CALL;

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected ReactiveStringRedisTemplate redis;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected AdmissionTick admissionTick;
    @Autowired
    protected Environment environment;
    @LocalServerPort
    protected int port;

    /** For many requests in flight at once. */
    protected WebClient http;
    protected TestCallers callers;
    protected QueueCalls queue;
    protected BookingCalls booking;
    protected BoxOfficeCalls boxOffice;
    protected BookingRecords records;
    protected ScriptCalls scriptCalls;

    @BeforeEach
    void cleanSlate() {
        new CleanSlate(redis, db, clock, admissionTick).restore();
        http = ManyClients.to(port);
        callers = new TestCallers(environment);
        queue = new QueueCalls(web, http, admissionTick, clock, callers);
        booking = new BookingCalls(web, queue);
        boxOffice = new BoxOfficeCalls(web, clock);
        records = new BookingRecords(db);
        scriptCalls = new ScriptCalls(redis);
    }
}
