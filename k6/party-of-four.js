// Parties of four choose their own seats. Setup builds a stadium date (box-office.js) and opens
// its sale; each iteration is one buyer: enter the queue, poll at pollAfterMillis until ACTIVE,
// list the sections, take a section with room for the party, read its seats, pick PARTY free
// seats side by side in one row (at random among the CHOICE_WIDTH front-most such groups, so
// parties collide the way people do) and hold them by id with an Idempotency-Key. A 409
// SEAT_UNAVAILABLE names the seats somebody else got: the buyer marks them taken and picks again
// from the rest, then tries another section. The hold is then charged to the wallet, paid, and
// must show up PAID with its seats in GET /api/v1/reservations. Teardown checks the operators'
// count of the date: sold + held + free = total.
//
//   ADMIN_KEY=... k6 run k6/party-of-four.js
//   ADMIN_KEY=... K6_PROFILE=smoke k6 run -e BASE_URL=http://localhost:8080 k6/party-of-four.js
//
// Env: BASE_URL, ADMIN_KEY, K6_PROFILE, VUS (50), PARTY (4), CHOICE_WIDTH (10), MAX_HOLDS (8),
// MAX_WAIT_SECONDS, the venue's VENUE_SEATS (20000) / SECTION_SEATS / SEATS_PER_ROW, or
// CONCERT_ID + SCHEDULE_ID of a date already built, ADMIT_PER_TICK (500) / TICK_MILLIS (200),
// HTTP_TIMEOUT, JWT_FILE (jwt mode: one JWT per iteration).
import exec from 'k6/execution';
import { check, sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import { SMOKE, body, enterQueue, envInt, leaveQueue, userAt, waitUntilActive, buyersFor } from './common.js';
import {
  adjacentGroups, checkSeatAccounting, holdSeatIds, listSectionSeats, listSections, payAndConfirm,
  refused, setUpBoxOffice, shuffled,
} from './box-office.js';

const VUS = envInt('VUS', SMOKE ? 3 : 50);
const PARTY = envInt('PARTY', 4);
const CHOICE_WIDTH = envInt('CHOICE_WIDTH', 10);
const MAX_HOLDS = envInt('MAX_HOLDS', 8);
const MAX_WAIT_SECONDS = envInt('MAX_WAIT_SECONDS', SMOKE ? 30 : 300);

const partiesPaid = new Counter('parties_paid');
const partiesGaveUp = new Counter('parties_gave_up');
const noRoomLeft = new Counter('no_room_for_party');
const sectionsFull = new Counter('sections_without_party_room');
const holdsTried = new Trend('holds_per_party');
const flowFailed = new Rate('flow_failed');
const bookingTime = new Trend('booking_time', true);
const timeToAdmission = new Trend('time_to_admission', true);

export const options = {
  scenarios: buyersFor('parties', VUS),
  setupTimeout: '3m',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    flow_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    seat_accounting_errors: ['count<1'],
    // Fresh users buy one party each: the per-user seat limit must never be what stops them.
    'holds_refused{code:SEAT_LIMIT_REACHED}': ['count<1'],
    'http_req_duration{name:hold-seats}': ['p(95)<1000'],
    'http_req_duration{name:pay}': ['p(95)<1000'],
    'http_req_duration{name:sections}': ['p(95)<500'],
    'http_req_duration{name:section-seats}': ['p(95)<500'],
  },
};

export function setup() {
  if (PARTY < 1) throw new Error(`PARTY must be at least 1, got ${PARTY}`);
  const box = setUpBoxOffice({ title: 'k6 party of four', seats: 20000, smokeSeats: 400, admitPerTick: 500, tickMillis: 200 });
  if (PARTY > box.maxSeatsPerUser) throw new Error(`PARTY (${PARTY}) is more than the concert's maxSeatsPerUser (${box.maxSeatsPerUser})`);
  return box;
}

function markTaken(seats, takenIds) {
  const taken = new Set(takenIds);
  return seats.map((s) => (taken.has(s.seatId) ? Object.assign({}, s, { status: 'HELD' }) : s));
}

// Finds and holds a party: {outcome: 'held', reservation} or {outcome: <why not>}.
function holdParty(user, data, token) {
  const sectionsRes = listSections(token, data.scheduleId);
  if (!check(sectionsRes, { 'sections is 200': (r) => r.status === 200 })) return { outcome: 'sections' };
  // `available` may trail the seats by a second; the seat list below is the truth.
  const candidates = shuffled((body(sectionsRes) || []).filter((s) => s.available >= PARTY));
  if (candidates.length === 0) return { outcome: 'sold-out' };

  let holds = 0;
  for (const section of candidates) {
    if (holds >= MAX_HOLDS) break;
    const seatsRes = listSectionSeats(token, data.scheduleId, section.sectionId);
    if (!check(seatsRes, { 'section seats is 200': (r) => r.status === 200 })) return { outcome: 'section-seats' };
    let seats = body(seatsRes) || [];
    while (holds < MAX_HOLDS) {
      const groups = adjacentGroups(seats, PARTY);
      if (groups.length === 0) {
        sectionsFull.add(1);
        break; // no PARTY seats together here (any more): the next section
      }
      const group = groups[Math.floor(Math.random() * Math.min(CHOICE_WIDTH, groups.length))];
      const wanted = group.map((s) => s.seatId);
      holds++;
      const hold = holdSeatIds(token, data.scheduleId, wanted, `k6-party-${user.id}-${holds}`);
      if (hold.status === 201) {
        holdsTried.add(holds);
        const reservation = body(hold);
        check(reservation, {
          'the hold is HELD': (r) => r.status === 'HELD',
          'the hold has the seats asked for': (r) => r.seats.map((s) => s.seatId).sort((a, b) => a - b).join(',')
            === wanted.slice().sort((a, b) => a - b).join(','),
          'the hold costs the sum of its seats': (r) => r.price === group.reduce((sum, s) => sum + s.price, 0),
        });
        return { outcome: 'held', reservation };
      }
      if (hold.status !== 409) {
        check(hold, { 'hold is 201 or 409': () => false });
        return { outcome: 'hold' };
      }
      const code = refused(hold);
      if (code !== 'SEAT_UNAVAILABLE') return { outcome: `hold-${code}` };
      // The problem names the seats taken; without that list, treat the whole group as gone.
      const takenIds = (body(hold) || {}).seatIds;
      check(takenIds, { 'SEAT_UNAVAILABLE names the taken seats': (ids) => Array.isArray(ids) && ids.length > 0 });
      seats = markTaken(seats, Array.isArray(takenIds) && takenIds.length > 0 ? takenIds : wanted);
    }
  }
  holdsTried.add(holds);
  return { outcome: holds >= MAX_HOLDS ? 'gave-up' : 'sold-out' };
}

function buyParty(user, data) {
  const entry = enterQueue(data.concertId, user);
  if (!check(entry.res, { 'entry is 201': (r) => r.status === 201 })) return 'enter';
  const waited = waitUntilActive(entry, MAX_WAIT_SECONDS);
  if (!check(waited, { 'admitted': (w) => w.status === 'ACTIVE' })) return 'admission';
  timeToAdmission.add(waited.waitedMillis);

  const held = holdParty(user, data, entry.token);
  if (held.outcome !== 'held') {
    leaveQueue(entry.token); // give the active slot back (a hold spends the pass by itself)
    return held.outcome;
  }
  return payAndConfirm(user, held.reservation, { party: String(PARTY) });
}

export default function (data) {
  const started = Date.now();
  const outcome = buyParty(userAt(data.runBase, exec.scenario.iterationInTest), data);
  // Sold out and giving up after MAX_HOLDS lost races are what a sale does, not faults.
  flowFailed.add(!['paid', 'sold-out', 'gave-up'].includes(outcome), { step: outcome });
  if (outcome === 'paid') {
    partiesPaid.add(1);
    bookingTime.add(Date.now() - started);
  } else if (outcome === 'gave-up') {
    partiesGaveUp.add(1);
  } else if (outcome === 'sold-out') {
    noRoomLeft.add(1);
    sleep(1); // nothing left for a party of this size: do not hammer the service
  }
}

export function teardown(data) {
  checkSeatAccounting(data.concertId, data.scheduleId);
}
