// A date sells out. Setup builds a stadium date (box-office.js) and opens its sale at
// ADMIT_PER_TICK users every TICK_MILLIS; BUYERS buyers (one per iteration, VUS at a time) each
// want 1..4 seats: PICK_SHARE of them choose seats side by side from a section's seat list and
// hold them by id (409 SEAT_UNAVAILABLE: pick again from the rest), the others ask for best
// available (409 NOT_ENOUGH_SEATS: another section). When no section has room for the whole
// party, the buyer takes what is left (parties_shrunk), so the last seats go too. Every hold is
// charged and paid. A buyer who finds every section empty marks the moment (time_to_sell_out).
//
// Sold out means sold out: the line follows the seats. A buyer still waiting when the last seat
// is sold is told so by its poll (status SOLD_OUT, a final state: waiters_told_sold_out), and an
// entry after that is refused with 409 SOLD_OUT (entries_refused_sold_out). Every waiter that is
// not let in must end SOLD_OUT, never time out in a line that cannot move; and a VU that was told
// "sold out" must be refused at every later entry (sold_out_not_final counts the ones that were
// not). The buyers' iterations after the sell-out are such entries, one request each.
//
// Teardown, with the operators' key: GET /admin/concerts/{id} must add up (sold + held + free =
// total, for the date and each section) and show the date sold out; every buyer's reservations
// are read back (GET /api/v1/reservations), and the seats of the PAID ones must be distinct and as
// many as the date's sold seats. A seat sold twice fails the run (seats_sold_twice), as do an
// unsold seat (seats_left_unsold) and any count that does not add up. When the whole concert is
// sold out, one more entry must be 409 SOLD_OUT and the public numbers (GET
// /api/v1/concerts/{id}/queue) must say soldOut and SOLD_OUT; then every seat is RESERVED, which
// the counts prove. Otherwise a user enters and checks that each paid seat is RESERVED in the
// sections' seat lists.
//
//   ADMIN_KEY=... k6 run k6/sell-out.js
//   ADMIN_KEY=... K6_PROFILE=smoke k6 run -e BASE_URL=http://localhost:8080 k6/sell-out.js
//   ADMIN_KEY=... VENUE_SEATS=50000 VUS=500 ADMIT_PER_TICK=300 k6 run k6/sell-out.js
//
// Env: BASE_URL, ADMIN_KEY (required), K6_PROFILE (smoke: 200 seats), VENUE_SEATS (10000) /
// SECTION_SEATS (2000) / SEATS_PER_ROW (40), or CONCERT_ID + SCHEDULE_ID of a date already built
// (then give BUYERS), BUYERS (one per seat: enough even if everybody took one), VUS (200),
// PARTY_SIZES ("1,2,3,4"), PICK_SHARE (0.5), ADMIT_PER_TICK (100) / TICK_MILLIS (1000),
// MAX_WAIT_SECONDS, MAX_DURATION (30m), TEARDOWN_BATCH (50), HTTP_TIMEOUT,
// JWT_FILE (jwt mode: BUYERS + 1 JWTs, the last for the teardown's look at the seat lists).
import http from 'k6/http';
import exec from 'k6/execution';
import { check, fail, sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import {
  ADMIN_KEY, BASE_URL, SMOKE, TIMEOUT, activeToken, body, enterQueue, envInt, leaveQueue, userAt,
  userHeaders, waitUntilActive,
} from './common.js';
import {
  adjacentGroups, adminConcert, checkSeatAccounting, holdBestAvailable, holdSeatIds, listSectionSeats, listSections,
  payAndConfirm, problemCode, refused, setUpBoxOffice, shuffled, venueFromEnv,
} from './box-office.js';

const DEFAULTS = { title: 'k6 sell-out', seats: 10000, smokeSeats: 200, admitPerTick: 100, tickMillis: 1000 };
const PLANNED_SEATS = venueFromEnv(DEFAULTS).reduce((sum, s) => sum + s.rows * s.seatsPerRow, 0);
const BUYERS = envInt('BUYERS', PLANNED_SEATS);
const VUS = Math.min(envInt('VUS', SMOKE ? 10 : 200), BUYERS);
const PARTY_SIZES = (__ENV.PARTY_SIZES || '1,2,3,4').split(',').map((n) => parseInt(n.trim(), 10));
const PICK_SHARE = parseFloat(__ENV.PICK_SHARE || '0.5');
const MAX_WAIT_SECONDS = envInt('MAX_WAIT_SECONDS', SMOKE ? 60 : 600);
const TEARDOWN_BATCH = envInt('TEARDOWN_BATCH', 50);
const GIVEN_CONCERT = envInt('CONCERT_ID', 0) > 0;
const LOOKER = BUYERS; // the user after the buyers reads the seat lists in teardown
// How often a buyer looks at the sections again when every one it tried was short of seats
// (the counts trail the seats by up to a second).
const ROUNDS = 3;
const HOLDS_PER_ROUND = 6;

const saleTime = new Trend('sale_time', true); // since the sale opened, at each paid party: max = the last sale
const timeToSellOut = new Trend('time_to_sell_out', true); // since the sale opened, at each "all gone": min = first seen
const partiesPaid = new Counter('parties_paid');
const partiesShrunk = new Counter('parties_shrunk');
const buyersAfterSellOut = new Counter('buyers_after_sell_out'); // iterations after this VU was told "sold out"
const waitersToldSoldOut = new Counter('waiters_told_sold_out');
const entriesRefusedSoldOut = new Counter('entries_refused_sold_out');
const soldOutNotFinal = new Counter('sold_out_not_final');
const flowFailed = new Rate('flow_failed');
const seatsSoldTwice = new Counter('seats_sold_twice');
const seatsLeftUnsold = new Counter('seats_left_unsold');
const paidSeatsMismatch = new Counter('paid_seats_mismatch');

export const options = {
  scenarios: {
    sale: {
      executor: 'shared-iterations',
      vus: VUS,
      iterations: BUYERS,
      maxDuration: __ENV.MAX_DURATION || (SMOKE ? '3m' : '30m'),
    },
  },
  setupTimeout: '3m',
  teardownTimeout: '15m',
  thresholds: Object.assign({
    seats_sold_twice: ['count<1'],
    seat_accounting_errors: ['count<1'],
    seats_left_unsold: ['count<1'],
    paid_seats_mismatch: ['count<1'],
    sold_out_not_final: ['count<1'],
    flow_failed: ['rate<0.01'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    'holds_refused{code:SEAT_LIMIT_REACHED}': ['count<1'],
    'http_req_duration{name:hold-seats}': ['p(95)<1000'],
    'http_req_duration{name:hold-best}': ['p(95)<1000'],
    'http_req_duration{name:pay}': ['p(95)<1000'],
  },
  // The buyers outnumber what the seats can serve: once the concert built for the run is sold
  // out, the later entries are refused. (A date given by CONCERT_ID may have others on sale.)
  GIVEN_CONCERT ? {} : { entries_refused_sold_out: ['count>0'] }),
};

export function setup() {
  if (!ADMIN_KEY) fail('sell-out.js needs ADMIN_KEY: it builds the date and counts its seats with the operators\' API');
  const box = setUpBoxOffice(DEFAULTS);
  for (const n of PARTY_SIZES) {
    if (Number.isNaN(n) || n < 1 || n > box.maxSeatsPerUser) {
      fail(`PARTY_SIZES must be whole numbers 1..${box.maxSeatsPerUser}, got ${__ENV.PARTY_SIZES}`);
    }
  }
  if (BUYERS < box.seats) {
    console.warn(`BUYERS (${BUYERS}) is fewer than the date's ${box.seats} seats: the date sells out only if `
      + 'the parties are big enough');
  }
  console.log(`selling date ${box.scheduleId} (${box.seats} seats) to up to ${BUYERS} buyers, ${VUS} at a time`);
  return box;
}

// Told this VU: the concert is sold out (a poll's status SOLD_OUT or an entry's 409 SOLD_OUT).
// Final: each of its later entries must be refused the same.
let toldSoldOut = false;

function isSoldOutRefusal(res) {
  return res.status === 409 && problemCode(res) === 'SOLD_OUT';
}

function freeSeatsFor(seats, want) {
  const groups = adjacentGroups(seats, want);
  if (groups.length > 0) return groups[Math.floor(Math.random() * Math.min(10, groups.length))];
  // Nobody sits together any more: the first free seats of the section.
  const free = seats.filter((s) => s.status === 'AVAILABLE');
  return free.length >= want ? free.slice(0, want) : null;
}

// Chooses seats from the section's list and holds them by id; null when the section has no room.
function pickInSection(user, data, token, section, want, counter) {
  const seatsRes = listSectionSeats(token, data.scheduleId, section.sectionId);
  if (!check(seatsRes, { 'section seats is 200': (r) => r.status === 200 })) return { outcome: 'section-seats' };
  let seats = body(seatsRes) || [];
  while (counter.holds < HOLDS_PER_ROUND * ROUNDS) {
    const group = freeSeatsFor(seats, want);
    if (!group) return null;
    const wanted = group.map((s) => s.seatId);
    counter.holds++;
    const hold = holdSeatIds(token, data.scheduleId, wanted, `k6-sale-${user.id}-${counter.holds}`);
    if (hold.status === 201) return { outcome: 'held', reservation: body(hold) };
    if (hold.status !== 409) {
      check(hold, { 'hold is 201 or 409': () => false });
      return { outcome: 'hold' };
    }
    const code = refused(hold);
    if (code !== 'SEAT_UNAVAILABLE') return { outcome: `hold-${code}` };
    const takenIds = (body(hold) || {}).seatIds;
    const taken = new Set(Array.isArray(takenIds) && takenIds.length > 0 ? takenIds : wanted);
    seats = seats.map((s) => (taken.has(s.seatId) ? Object.assign({}, s, { status: 'HELD' }) : s));
  }
  return null;
}

// Best available in the section; null when it has fewer than `want` free.
function bestInSection(user, data, token, section, want, counter) {
  for (let retry = 0; retry < 3 && counter.holds < HOLDS_PER_ROUND * ROUNDS; retry++) {
    counter.holds++;
    const hold = holdBestAvailable(token, data.scheduleId, section.sectionId, want, `k6-sale-${user.id}-${counter.holds}`);
    if (hold.status === 201) return { outcome: 'held', reservation: body(hold) };
    if (hold.status !== 409) {
      check(hold, { 'hold is 201 or 409': () => false });
      return { outcome: 'hold' };
    }
    const code = refused(hold);
    if (code === 'NOT_ENOUGH_SEATS') return null;
    if (code !== 'SEAT_UNAVAILABLE') return { outcome: `hold-${code}` };
  }
  return null;
}

function holdSomething(user, data, token, party, picks) {
  const counter = { holds: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) sleep(1); // let the sections' counts catch up with the seats
    const sectionsRes = listSections(token, data.scheduleId);
    if (!check(sectionsRes, { 'sections is 200': (r) => r.status === 200 })) return { outcome: 'sections' };
    const sections = body(sectionsRes) || [];
    const most = sections.reduce((m, s) => Math.max(m, s.available), 0);
    if (most === 0) return { outcome: 'sold-out' };
    // The whole party if some section has room for it, else what one section still has.
    const want = Math.min(party, most);
    for (const section of shuffled(sections.filter((s) => s.available >= want))) {
      const held = picks
        ? pickInSection(user, data, token, section, want, counter)
        : bestInSection(user, data, token, section, want, counter);
      if (held) {
        if (held.outcome === 'held' && want < party) partiesShrunk.add(1);
        return held;
      }
      if (counter.holds >= HOLDS_PER_ROUND * ROUNDS) return { outcome: 'gave-up' };
    }
  }
  return { outcome: 'gave-up' };
}

function buy(user, data) {
  const party = PARTY_SIZES[Math.floor(Math.random() * PARTY_SIZES.length)];
  const picks = Math.random() < PICK_SHARE;
  const tags = { party: String(party), how: picks ? 'pick' : 'best' };
  const entry = enterQueue(data.concertId, user);
  if (toldSoldOut) {
    const final = isSoldOutRefusal(entry.res);
    soldOutNotFinal.add(final ? 0 : 1, { step: 'entry' });
    check(entry.res, { 'an entry after "sold out" is 409 SOLD_OUT': () => final });
  }
  if (isSoldOutRefusal(entry.res)) {
    toldSoldOut = true;
    entriesRefusedSoldOut.add(1);
    return 'sold-out-entry';
  }
  if (!check(entry.res, { 'entry is 201, or 409 SOLD_OUT once sold out': (r) => r.status === 201 })) return 'enter';
  const waited = waitUntilActive(entry, MAX_WAIT_SECONDS);
  // A line that can no longer move ends: every waiter not let in is told SOLD_OUT, none times out.
  if (!check(waited, { 'a waiter is let in or told SOLD_OUT': (w) => w.status === 'ACTIVE' || w.status === 'SOLD_OUT' })) {
    return 'admission';
  }
  if (waited.status === 'SOLD_OUT') {
    toldSoldOut = true;
    waitersToldSoldOut.add(1);
    return 'sold-out-waiting';
  }

  const held = holdSomething(user, data, entry.token, party, picks);
  if (held.outcome !== 'held') {
    leaveQueue(entry.token);
    if (held.outcome === 'sold-out') timeToSellOut.add(Date.now() - data.openedAt);
    return held.outcome;
  }
  const outcome = payAndConfirm(user, held.reservation, tags);
  if (outcome === 'paid') {
    partiesPaid.add(1, tags);
    saleTime.add(Date.now() - data.openedAt);
  }
  return outcome;
}

const SALE_ENDINGS = ['paid', 'sold-out', 'sold-out-entry', 'sold-out-waiting', 'gave-up'];

export default function (data) {
  if (toldSoldOut) buyersAfterSellOut.add(1);
  const outcome = buy(userAt(data.runBase, exec.scenario.iterationInTest), data);
  // Sold out (found so, told so while waiting, or refused at the entry) and giving up after lost
  // races are what a sale does, not faults.
  flowFailed.add(!SALE_ENDINGS.includes(outcome), { step: outcome });
}

// Every buyer's reservations on the date (GET /api/v1/reservations, TEARDOWN_BATCH users at a time).
function reservationsOfBuyers(data) {
  const found = [];
  let unanswered = 0;
  for (let first = 0; first < BUYERS; first += TEARDOWN_BATCH) {
    const requests = [];
    for (let n = first; n < Math.min(BUYERS, first + TEARDOWN_BATCH); n++) {
      requests.push({
        method: 'GET',
        url: `${BASE_URL}/api/v1/reservations`,
        params: { headers: userHeaders(userAt(data.runBase, n)), tags: { name: 'teardown-reservations' }, timeout: TIMEOUT },
      });
    }
    for (const res of http.batch(requests)) {
      if (res.status !== 200) {
        unanswered++;
        continue;
      }
      for (const r of body(res) || []) {
        if (r.scheduleId === data.scheduleId) found.push(r);
      }
    }
  }
  check(unanswered, { 'every buyer\'s reservations could be read': (u) => u === 0 });
  return found;
}

export function teardown(data) {
  const endedAfter = Date.now() - data.openedAt;
  const date = checkSeatAccounting(data.concertId, data.scheduleId);
  const unsold = date.available + date.held;
  seatsLeftUnsold.add(unsold);
  check(date, { 'the date is sold out': () => unsold === 0 });

  // Every PAID seat belongs to exactly one reservation.
  const reservations = reservationsOfBuyers(data);
  const owner = {};
  let paidSeats = 0;
  let twice = 0;
  const byStatus = {};
  for (const r of reservations) {
    byStatus[r.status] = (byStatus[r.status] || 0) + 1;
    if (r.status !== 'PAID') continue;
    for (const seat of r.seats) {
      paidSeats++;
      if (owner[seat.seatId] !== undefined) {
        twice++;
        console.error(`seat ${seat.seatId} (${seat.label}) is in paid reservations ${owner[seat.seatId]} and ${r.reservationId}`);
      } else {
        owner[seat.seatId] = r.reservationId;
      }
    }
  }
  seatsSoldTwice.add(twice);
  const distinct = Object.keys(owner).length;
  check(twice, { 'the seats of the paid reservations are distinct': (t) => t === 0 });
  // On a date of its own making the buyers' paid seats are all the sold seats; a date given by
  // CONCERT_ID/SCHEDULE_ID may have had sales before.
  const matches = data.built ? distinct === date.reserved : distinct <= date.reserved;
  paidSeatsMismatch.add(matches ? 0 : 1, { what: 'admin-count' });
  check(distinct, { 'the paid seats are the date\'s sold seats': () => matches });

  // The whole concert sold out (the date built for the run is its only one): sold out means sold out.
  const concertSoldOut = (adminConcert(data.concertId).schedules || []).every((d) => d.available + d.held === 0);
  if (concertSoldOut) {
    checkSoldOut(data);
    // Every seat of the date is RESERVED (none free, none held) and the paid seats are distinct
    // and as many as the sold ones: each paid seat is RESERVED. The seat lists need a pass, which
    // a sold-out concert no longer gives.
    logSellOut(date, paidSeats, distinct, twice, byStatus, endedAfter);
    return;
  }

  // And each paid seat reads RESERVED in its section's seat list.
  const token = activeToken(data.concertId, userAt(data.runBase, LOOKER), 120);
  let reservedInLists = 0;
  let notReserved = 0;
  const status = {};
  for (const section of date.sections || []) {
    const res = listSectionSeats(token, data.scheduleId, section.sectionId);
    if (!check(res, { 'teardown: section seats is 200': (r) => r.status === 200 })) continue;
    for (const seat of body(res) || []) {
      status[seat.seatId] = seat.status;
      if (seat.status === 'RESERVED') reservedInLists++;
    }
  }
  leaveQueue(token);
  for (const seatId of Object.keys(owner)) {
    if (status[seatId] !== 'RESERVED') notReserved++;
  }
  paidSeatsMismatch.add(notReserved, { what: 'seat-list' });
  check(notReserved, { 'every paid seat is RESERVED in the seat lists': (n) => n === 0 });
  check(reservedInLists, { 'the seat lists show as many RESERVED as the date has sold': (n) => n === date.reserved });
  logSellOut(date, paidSeats, distinct, twice, byStatus, endedAfter);
}

/** A sold-out concert refuses a new entry with 409 SOLD_OUT, and its public numbers say so. */
function checkSoldOut(data) {
  const entry = enterQueue(data.concertId, userAt(data.runBase, LOOKER));
  const refusedAsSoldOut = isSoldOutRefusal(entry.res);
  soldOutNotFinal.add(refusedAsSoldOut ? 0 : 1, { step: 'teardown-entry' });
  check(entry.res, { 'teardown: an entry into the sold-out concert is 409 SOLD_OUT': () => refusedAsSoldOut });
  if (entry.token) leaveQueue(entry.token);
  const numbers = http.get(`${BASE_URL}/api/v1/concerts/${data.concertId}/queue`,
    { tags: { name: 'queue-numbers' }, timeout: TIMEOUT });
  const said = numbers.status === 200 ? body(numbers) : null;
  check(said, {
    'teardown: the public numbers say soldOut': (n) => n !== null && n.soldOut === true,
    'teardown: the public numbers say SOLD_OUT': (n) => n !== null && n.availability === 'SOLD_OUT',
  });
}

function logSellOut(date, paidSeats, distinct, twice, byStatus, endedAfter) {
  console.log(`sell-out: ${date.seats} seats; ${date.reserved} sold, ${date.held} held, ${date.available} free; `
    + `${paidSeats} paid seats in the buyers' reservations (${distinct} distinct, ${twice} twice); `
    + `reservations by status ${JSON.stringify(byStatus)}; the run ended ${Math.round(endedAfter / 1000)} s `
    + 'after the sale opened (time_to_sell_out min: when a buyer first found it sold out; sale_time max: the last sale)');
}
