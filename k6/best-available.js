// Buyers let the box office choose. Setup builds a stadium date (box-office.js) and opens its
// sale; each iteration is one buyer of a party of N (at random from PARTY_SIZES, 1..4): enter the
// queue, poll at pollAfterMillis until ACTIVE, list the sections and ask for N seats in one of
// those with room ({"scheduleId","sectionId","count":N}, with an Idempotency-Key). A 409
// NOT_ENOUGH_SEATS (the section's count trails the seats by up to a second) is counted and the
// buyer moves to another section. The seats given must be N of that section; whether they sit
// side by side is measured (parties_side_by_side). REPLAY_SHARE of the buyers send their hold a
// second time with the same key and must get the same reservation back (the pass is spent by
// then). Then charge, pay, and see it PAID in GET /api/v1/reservations. Teardown checks the
// operators' count: sold + held + free = total.
//
//   ADMIN_KEY=... k6 run k6/best-available.js
//   ADMIN_KEY=... K6_PROFILE=smoke k6 run -e BASE_URL=http://localhost:8080 k6/best-available.js
//
// Env: BASE_URL, ADMIN_KEY, K6_PROFILE, VUS (50), PARTY_SIZES ("1,2,3,4"), REPLAY_SHARE (0.1),
// MAX_WAIT_SECONDS, VENUE_SEATS (20000) / SECTION_SEATS / SEATS_PER_ROW, or CONCERT_ID +
// SCHEDULE_ID of a date already built, ADMIT_PER_TICK (500) / TICK_MILLIS (200), HTTP_TIMEOUT,
// JWT_FILE (jwt mode: one JWT per iteration).
import exec from 'k6/execution';
import { check, sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import { SMOKE, body, enterQueue, envInt, leaveQueue, userAt, waitUntilActive, buyersFor } from './common.js';
import {
  checkSeatAccounting, holdBestAvailable, listSections, payAndConfirm, refused, setUpBoxOffice,
  shuffled, sideBySide,
} from './box-office.js';

const VUS = envInt('VUS', SMOKE ? 3 : 50);
const PARTY_SIZES = (__ENV.PARTY_SIZES || '1,2,3,4').split(',').map((n) => parseInt(n.trim(), 10));
const REPLAY_SHARE = parseFloat(__ENV.REPLAY_SHARE || '0.1');
const MAX_WAIT_SECONDS = envInt('MAX_WAIT_SECONDS', SMOKE ? 30 : 300);
// A best-available hold can still lose a seat to a racer between choosing and taking it.
const SAME_SECTION_RETRIES = 2;

const partiesPaid = new Counter('parties_paid');
const notEnoughSeats = new Counter('not_enough_seats');
const sectionsTried = new Trend('sections_tried');
const noRoomLeft = new Counter('no_room_for_party');
const togetherRate = new Rate('parties_side_by_side');
const replays = new Counter('idempotent_replays');
const flowFailed = new Rate('flow_failed');
const bookingTime = new Trend('booking_time', true);
const timeToAdmission = new Trend('time_to_admission', true);

export const options = {
  scenarios: buyersFor('buyers', VUS),
  setupTimeout: '3m',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    flow_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    seat_accounting_errors: ['count<1'],
    'holds_refused{code:SEAT_LIMIT_REACHED}': ['count<1'],
    'holds_refused{code:IDEMPOTENCY_KEY_REUSED}': ['count<1'],
    'http_req_duration{name:hold-best}': ['p(95)<1000'],
    'http_req_duration{name:pay}': ['p(95)<1000'],
    'http_req_duration{name:sections}': ['p(95)<500'],
  },
};

export function setup() {
  const box = setUpBoxOffice({ title: 'k6 best available', seats: 20000, smokeSeats: 400, admitPerTick: 500, tickMillis: 200 });
  for (const n of PARTY_SIZES) {
    if (Number.isNaN(n) || n < 1 || n > box.maxSeatsPerUser) {
      throw new Error(`PARTY_SIZES must be whole numbers 1..${box.maxSeatsPerUser} (the concert's maxSeatsPerUser), got ${__ENV.PARTY_SIZES}`);
    }
  }
  return box;
}

// Asks the sections in turn for `party` seats: {outcome: 'held', reservation, section} or {outcome}.
function holdBest(user, data, token, party) {
  const sectionsRes = listSections(token, data.scheduleId);
  if (!check(sectionsRes, { 'sections is 200': (r) => r.status === 200 })) return { outcome: 'sections' };
  const candidates = shuffled((body(sectionsRes) || []).filter((s) => s.available >= party));
  if (candidates.length === 0) return { outcome: 'sold-out' };

  let asked = 0;
  let tried = 0;
  for (const section of candidates) {
    tried++;
    for (let retry = 0; retry <= SAME_SECTION_RETRIES; retry++) {
      asked++;
      const key = `k6-best-${user.id}-${asked}`;
      const hold = holdBestAvailable(token, data.scheduleId, section.sectionId, party, key);
      if (hold.status === 201) {
        sectionsTried.add(tried);
        return { outcome: 'held', reservation: body(hold), section, key };
      }
      if (hold.status !== 409) {
        check(hold, { 'hold is 201 or 409': () => false });
        return { outcome: 'hold' };
      }
      const code = refused(hold);
      if (code === 'NOT_ENOUGH_SEATS') {
        notEnoughSeats.add(1, { party: String(party) });
        break; // this section has fewer than `party` free: the next one
      }
      if (code !== 'SEAT_UNAVAILABLE') return { outcome: `hold-${code}` };
      // A racer took a seat the service had picked: ask the same section again.
    }
  }
  sectionsTried.add(tried);
  return { outcome: 'no-room' };
}

function buy(user, data, party) {
  const entry = enterQueue(data.concertId, user);
  if (!check(entry.res, { 'entry is 201': (r) => r.status === 201 })) return 'enter';
  const waited = waitUntilActive(entry, MAX_WAIT_SECONDS);
  if (!check(waited, { 'admitted': (w) => w.status === 'ACTIVE' })) return 'admission';
  timeToAdmission.add(waited.waitedMillis);

  const held = holdBest(user, data, entry.token, party);
  if (held.outcome !== 'held') {
    leaveQueue(entry.token);
    return held.outcome;
  }
  const reservation = held.reservation;
  const seats = reservation.seats || [];
  check(reservation, {
    'the hold is HELD': (r) => r.status === 'HELD',
    'best available gives the count asked for': () => seats.length === party,
    'best available gives seats of the section asked for': () => seats.every((s) => String(s.label).startsWith(`${held.section.name} `)),
    'the hold costs the sum of its seats': (r) => r.price === seats.reduce((sum, s) => sum + s.price, 0),
  });
  togetherRate.add(sideBySide(seats), { party: String(party) });

  if (Math.random() < REPLAY_SHARE) {
    // The same request with the same key, the pass already spent: the same reservation, no new hold.
    const again = holdBestAvailable(entry.token, data.scheduleId, held.section.sectionId, party, held.key);
    replays.add(1);
    if (again.status === 409) refused(again);
    check(again, {
      'a replayed hold is 201 with the same reservation': (r) => r.status === 201
        && body(r).reservationId === reservation.reservationId,
    });
  }
  return payAndConfirm(user, reservation, { party: String(party) });
}

export default function (data) {
  const started = Date.now();
  const party = PARTY_SIZES[Math.floor(Math.random() * PARTY_SIZES.length)];
  const outcome = buy(userAt(data.runBase, exec.scenario.iterationInTest), data, party);
  flowFailed.add(!['paid', 'sold-out', 'no-room'].includes(outcome), { step: outcome });
  if (outcome === 'paid') {
    partiesPaid.add(1, { party: String(party) });
    bookingTime.add(Date.now() - started);
  } else if (outcome === 'sold-out' || outcome === 'no-room') {
    noRoomLeft.add(1, { party: String(party) });
    sleep(1);
  }
}

export function teardown(data) {
  checkSeatAccounting(data.concertId, data.scheduleId);
}
