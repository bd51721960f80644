// What the box-office scripts (venue-setup, party-of-four, best-available, sell-out) share on top
// of common.js: a venue of the size the environment asks for, built through the operators' API
// (docs/api.md, "Box office set-up"), the sale opened at once, and the calls of "Concerts and
// seats" that buy a party of seats: sections, a section's seats, holds by seat ids and best
// available, my reservations, and the operators' count of a date's seats. Core k6 modules only.
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import {
  ADMIN_KEY, BASE_URL, SMOKE, TIMEOUT, bearer, body, chargePoints, envInt, pay, runBase, userHeaders,
} from './common.js';

// Creating a date writes every one of its seats: that call gets longer than the others.
const SETUP_TIMEOUT = __ENV.SETUP_HTTP_TIMEOUT || '120s';

// Refused holds by problem code (SEAT_UNAVAILABLE, NOT_ENOUGH_SEATS, SEAT_LIMIT_REACHED, ...).
export const holdsRefused = new Counter('holds_refused');
// Seats that came out of a payment (a party of four adds 4).
export const seatsSold = new Counter('seats_sold');
// The operators' count of a date does not add up (sold + held + free != total), per date or section.
export const seatAccountingErrors = new Counter('seat_accounting_errors');

/** The problem `code` of an error answer, or `HTTP_<status>` when it carries none. */
export function problemCode(res) {
  const answer = body(res);
  if (answer && typeof answer.code === 'string') return answer.code;
  return res.status === 0 ? 'NO_RESPONSE' : `HTTP_${res.status}`;
}

function adminHeaders() {
  return { 'X-Admin-Key': ADMIN_KEY, 'Content-Type': 'application/json' };
}

function requireAdminKey(what) {
  if (!ADMIN_KEY) fail(`${what} needs the operators' key: set ADMIN_KEY (the service's waiting-room.admin-key)`);
}

// ---------------------------------------------------------------------------------------------
// The venue: VENUE_SEATS seats in sections of about SECTION_SEATS, rows of SEATS_PER_ROW, graded
// from the front (VIP on the floor, then R, S and A further back).

const GRADES = [
  { grade: 'VIP', zone: 'Floor', price: 165000, share: 0.15 },
  { grade: 'R', zone: 'Lower', price: 143000, share: 0.30 },
  { grade: 'S', zone: 'Upper', price: 121000, share: 0.30 },
  { grade: 'A', zone: 'Terrace', price: 99000, share: 0.25 },
];

/** The sections of a date of about `seats` seats (the last row of a section may make it a few more). */
export function venueLayout(seats, sectionSeats, seatsPerRow) {
  if (seats < 1 || seats > 100000) fail(`VENUE_SEATS must be 1..100000 (a date's limit), got ${seats}`);
  if (sectionSeats < 1 || seatsPerRow < 1) fail('SECTION_SEATS and SEATS_PER_ROW must be at least 1');
  const count = Math.min(200, Math.max(1, Math.ceil(seats / sectionSeats)));
  const perSection = Math.ceil(seats / count);
  const rows = Math.max(1, Math.round(perSection / seatsPerRow));
  const perRow = Math.ceil(perSection / rows);
  const sections = [];
  let tier = 0;
  let inTier = 0;
  for (let i = 0; i < count; i++) {
    // Move to the next grade once this one has its share of the sections (at least one each while they last).
    while (tier < GRADES.length - 1 && inTier >= Math.max(1, Math.round(GRADES[tier].share * count))) {
      tier++;
      inTier = 0;
    }
    const g = GRADES[tier];
    inTier++;
    const name = g.zone === 'Floor'
      ? `Floor ${String.fromCharCode(65 + ((inTier - 1) % 26))}${inTier > 26 ? Math.ceil(inTier / 26) : ''}`
      : `${g.zone} ${(tier) * 100 + inTier}`;
    sections.push({ name, grade: g.grade, price: g.price, rows, seatsPerRow: perRow });
  }
  return sections;
}

/** The venue the environment asks for; `defaults` are the script's own sizes. */
export function venueFromEnv(defaults) {
  const seats = envInt('VENUE_SEATS', SMOKE ? defaults.smokeSeats : defaults.seats);
  return venueLayout(seats, envInt('SECTION_SEATS', SMOKE ? 100 : 2000), envInt('SEATS_PER_ROW', SMOKE ? 20 : 40));
}

/** POST /admin/concerts, then POST /admin/concerts/{id}/schedules: {concert, schedule}. */
export function createVenue(title, sections, maxSeatsPerUser) {
  requireAdminKey('creating a concert');
  const concertRes = http.post(`${BASE_URL}/admin/concerts`, JSON.stringify({
    title, venue: 'k6 Stadium', timeZone: 'Asia/Seoul', maxSeatsPerUser,
  }), { headers: adminHeaders(), tags: { name: 'admin-concert' }, timeout: TIMEOUT });
  if (concertRes.status !== 201) fail(`POST /admin/concerts answered ${concertRes.status}: ${concertRes.body}`);
  const concert = body(concertRes);

  // A month ahead, whole seconds (the contract wants a future time with an offset).
  const startsAt = new Date(Date.now() + 30 * 86400 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const scheduleRes = http.post(`${BASE_URL}/admin/concerts/${concert.concertId}/schedules`,
    JSON.stringify({ startsAt, sections }),
    { headers: adminHeaders(), tags: { name: 'admin-schedule' }, timeout: SETUP_TIMEOUT });
  if (scheduleRes.status !== 201) {
    fail(`POST /admin/concerts/${concert.concertId}/schedules answered ${scheduleRes.status}: ${scheduleRes.body}`);
  }
  return { concert, schedule: body(scheduleRes) };
}

/** PUT /admin/queues/{id}/settings: the sale open now, at the given admission rate. */
export function openSale(concertId, admitPerTick, tickMillis) {
  requireAdminKey('opening a sale');
  const res = http.put(`${BASE_URL}/admin/queues/${concertId}/settings`,
    JSON.stringify({ saleOpensAt: null, paused: false, admitPerTick, tickMillis }),
    { headers: adminHeaders(), tags: { name: 'admin-settings' }, timeout: TIMEOUT });
  if (res.status !== 200) fail(`opening the sale of concert ${concertId} answered ${res.status}: ${res.body}`);
  return body(res);
}

/** GET /admin/concerts/{id}: the concert with every date's seats, available, held and reserved. */
export function adminConcert(concertId) {
  requireAdminKey('reading a date\'s seat count');
  const res = http.get(`${BASE_URL}/admin/concerts/${concertId}`,
    { headers: adminHeaders(), tags: { name: 'admin-concert-view' }, timeout: TIMEOUT });
  if (res.status !== 200) fail(`GET /admin/concerts/${concertId} answered ${res.status}: ${res.body}`);
  return body(res);
}

/**
 * The set-up every box-office script starts with. Without CONCERT_ID and SCHEDULE_ID it builds a
 * new concert and date (ADMIN_KEY needed); with them it uses that date. Either way, with
 * ADMIN_KEY the sale is opened now at ADMIT_PER_TICK users every TICK_MILLIS. Returns what
 * every VU needs: {runBase, concertId, scheduleId, seats, maxSeatsPerUser, built, openedAt}.
 */
export function setUpBoxOffice(options) {
  const admitPerTick = envInt('ADMIT_PER_TICK', options.admitPerTick);
  const tickMillis = envInt('TICK_MILLIS', options.tickMillis);
  const givenConcert = envInt('CONCERT_ID', 0);
  const givenSchedule = envInt('SCHEDULE_ID', 0);
  let concertId;
  let scheduleId;
  let seats = null;
  let built = false;
  let maxSeatsPerUser = envInt('MAX_SEATS_PER_USER', 4);
  if (givenConcert > 0 && givenSchedule > 0) {
    concertId = givenConcert;
    scheduleId = givenSchedule;
    console.log(`using concert ${concertId}, date ${scheduleId} (CONCERT_ID, SCHEDULE_ID)`);
  } else if (givenConcert > 0 || givenSchedule > 0) {
    fail('give both CONCERT_ID and SCHEDULE_ID (a date of that concert), or neither to build a new venue');
  } else {
    const sections = venueFromEnv(options);
    const made = createVenue(`${options.title} ${new Date().toISOString()}`, sections, maxSeatsPerUser);
    concertId = made.concert.concertId;
    scheduleId = made.schedule.scheduleId;
    seats = made.schedule.seats;
    maxSeatsPerUser = made.concert.maxSeatsPerUser;
    built = true;
    console.log(`built concert ${concertId}, date ${scheduleId}: ${seats} seats in ${sections.length} sections `
      + `(${sections[0].rows} rows of ${sections[0].seatsPerRow}); reuse it with CONCERT_ID=${concertId} SCHEDULE_ID=${scheduleId}`);
  }
  if (ADMIN_KEY) {
    openSale(concertId, admitPerTick, tickMillis);
    const view = adminConcert(concertId);
    maxSeatsPerUser = view.maxSeatsPerUser;
    const date = (view.schedules || []).find((s) => s.scheduleId === scheduleId);
    if (!date) fail(`concert ${concertId} has no date ${scheduleId}`);
    seats = date.seats;
  } else {
    console.warn(`ADMIN_KEY not set: concert ${concertId} keeps its current sale settings (it may not be open)`);
  }
  return { runBase: runBase(), concertId, scheduleId, seats, maxSeatsPerUser, built, openedAt: Date.now() };
}

// ---------------------------------------------------------------------------------------------
// A buyer's calls (the pass as Bearer, the user's own headers for points and reservations).

export function listSections(token, scheduleId) {
  return http.get(`${BASE_URL}/api/v1/schedules/${scheduleId}/sections`,
    { headers: bearer(token), tags: { name: 'sections' }, timeout: TIMEOUT });
}

export function listSectionSeats(token, scheduleId, sectionId) {
  return http.get(`${BASE_URL}/api/v1/schedules/${scheduleId}/sections/${sectionId}/seats`,
    { headers: bearer(token), tags: { name: 'section-seats' }, timeout: TIMEOUT });
}

// A hold is sent again with the same Idempotency-Key when it got no answer or a 503: the service
// then hands back the reservation the first one made, if it made one, instead of a second hold.
function postHold(token, request, key, tag) {
  const params = {
    headers: Object.assign(bearer(token), { 'Idempotency-Key': key }),
    tags: { name: tag },
    timeout: TIMEOUT,
  };
  let res = http.post(`${BASE_URL}/api/v1/reservations`, JSON.stringify(request), params);
  if (res.status === 0 || res.status === 503) {
    const retryAfter = parseInt((res.headers && res.headers['Retry-After']) || '1', 10);
    sleep(Number.isNaN(retryAfter) ? 1 : Math.min(retryAfter, 5));
    res = http.post(`${BASE_URL}/api/v1/reservations`, JSON.stringify(request), params);
  }
  return res;
}

/** Holds these seats, all or nothing: {"scheduleId","seatIds"}. */
export function holdSeatIds(token, scheduleId, seatIds, key) {
  return postHold(token, { scheduleId, seatIds }, key, 'hold-seats');
}

/** Best available: {"scheduleId","sectionId","count"}. */
export function holdBestAvailable(token, scheduleId, sectionId, count, key) {
  return postHold(token, { scheduleId, sectionId, count }, key, 'hold-best');
}

export function myReservations(user) {
  return http.get(`${BASE_URL}/api/v1/reservations`,
    { headers: userHeaders(user), tags: { name: 'my-reservations' }, timeout: TIMEOUT });
}

/** Counts a refused hold under its problem code and returns the code. */
export function refused(res) {
  const code = problemCode(res);
  holdsRefused.add(1, { code });
  return code;
}

// ---------------------------------------------------------------------------------------------
// Seats.

/** Runs of `n` free seats side by side (one row, consecutive numbers), front-most first. */
export function adjacentGroups(seats, n) {
  const groups = [];
  let run = [];
  for (const seat of seats) {
    const last = run[run.length - 1];
    if (seat.status !== 'AVAILABLE') {
      run = [];
      continue;
    }
    if (last && (String(last.row) !== String(seat.row) || Number(seat.number) !== Number(last.number) + 1)) {
      run = [];
    }
    run.push(seat);
    if (run.length >= n) groups.push(run.slice(run.length - n));
  }
  return groups;
}

/** Whether the seats of a reservation ("<section> <row>-<number>" labels) sit side by side in one row. */
export function sideBySide(reservationSeats) {
  const places = reservationSeats.map((s) => {
    const last = String(s.label || '').split(' ').pop().split('-');
    return { row: last[0], number: parseInt(last[1], 10) };
  });
  places.sort((a, b) => a.number - b.number);
  return places.every((p, i) => p.row === places[0].row && !Number.isNaN(p.number)
    && (i === 0 || p.number === places[i - 1].number + 1));
}

export function shuffled(items) {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// After the hold: charge the price, pay, and see the reservation PAID in the user's list.

/** Returns 'paid' or the step that went wrong; a paid party adds its seats to seats_sold. */
export function payAndConfirm(user, reservation, tags) {
  if (reservation.price > 0) {
    const charged = chargePoints(user, reservation.price);
    if (!check(charged, { 'charge is 200': (r) => r.status === 200 })) return 'charge';
  }
  const payment = pay(user, reservation.reservationId);
  const paid = check(payment, {
    'payment is 201 PAID': (r) => r.status === 201 && body(r).status === 'PAID',
    'the payment is the sum of the seats': (r) => r.status === 201 && body(r).amount === reservation.price,
    'the wallet paid exactly the seats': (r) => r.status === 201 && body(r).balance === 0,
  });
  if (!paid) return 'pay';
  seatsSold.add(reservation.seats.length, tags);

  const mine = myReservations(user);
  const listed = check(mine, {
    'my reservations is 200': (r) => r.status === 200,
    'my reservations show it PAID with its seats': (r) => {
      const found = (body(r) || []).find((x) => x.reservationId === reservation.reservationId);
      if (!found || found.status !== 'PAID') return false;
      const want = reservation.seats.map((s) => s.seatId).sort((a, b) => a - b).join(',');
      return found.seats.map((s) => s.seatId).sort((a, b) => a - b).join(',') === want;
    },
  });
  return listed ? 'paid' : 'reservations';
}

/**
 * Reads the operators' count of the date and checks it adds up: reserved + held + available =
 * seats, for the date and for each of its sections (each miss adds to seat_accounting_errors).
 * Returns the date's view, or null without ADMIN_KEY.
 */
export function checkSeatAccounting(concertId, scheduleId) {
  if (!ADMIN_KEY) {
    console.warn('ADMIN_KEY not set: the seat count of the date is not checked');
    return null;
  }
  const date = (adminConcert(concertId).schedules || []).find((s) => s.scheduleId === scheduleId);
  if (!date) fail(`concert ${concertId} has no date ${scheduleId}`);
  const adds = (x) => x.reserved + x.held + x.available === x.seats;
  seatAccountingErrors.add(adds(date) ? 0 : 1, { part: 'date' });
  check(date, { 'sold + held + free = total (date)': adds });
  let sectionSeats = 0;
  for (const section of date.sections || []) {
    sectionSeats += section.seats;
    const ok = adds(section);
    seatAccountingErrors.add(ok ? 0 : 1, { part: 'section' });
    if (!ok) console.error(`section ${section.name}: ${section.reserved} sold + ${section.held} held + `
      + `${section.available} free != ${section.seats}`);
  }
  const sectionsSum = sectionSeats === date.seats;
  seatAccountingErrors.add(sectionsSum ? 0 : 1, { part: 'sections-sum' });
  check(date, {
    'sold + held + free = total (every section)': () => (date.sections || []).every(adds),
    'the sections add up to the date': () => sectionsSum,
  });
  console.log(`date ${scheduleId}: ${date.seats} seats, ${date.reserved} sold, ${date.held} held, ${date.available} free`);
  return date;
}
