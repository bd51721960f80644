// The whole product, one user per iteration: charge points, enter the queue of a random
// concert, wait for admission, list the dates and the seats, hold a random free seat (a 409
// from a racer is expected and counted; the user tries another seat), and pay.
//
//   k6 run k6/booking-flow.js
//   K6_PROFILE=smoke k6 run k6/booking-flow.js
//
// Env: BASE_URL, ADMIN_KEY (opens every concert's queue wide), K6_PROFILE, VUS (50),
// MAX_WAIT_SECONDS, JWT_FILE (jwt mode: one JWT per iteration). The demo data has 200 seats per concert and sold seats stay sold: a long
// run sells out and then measures the sold-out path (counted as sold_out, not as failure).
import exec from 'k6/execution';
import { check, sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import {
  SMOKE, body, changeQueueSettings, chargePoints, concertIds, enterQueue, envInt, holdSeat,
  leaveQueue, listSchedules, listSeats, pay, runBase, userAt, waitUntilActive,
  buyersFor,
} from './common.js';

const VUS = envInt('VUS', SMOKE ? 3 : 50);
const MAX_WAIT_SECONDS = envInt('MAX_WAIT_SECONDS', SMOKE ? 15 : 300);
const WALLET = 200000; // more than the dearest demo seat
const HOLD_ATTEMPTS = 3;

const paid = new Counter('bookings_paid');
const seatConflicts = new Counter('seat_conflicts');
const soldOut = new Counter('sold_out');
const flowFailed = new Rate('flow_failed');
const bookingTime = new Trend('booking_time', true);
const timeToAdmission = new Trend('time_to_admission', true);

export const options = {
  scenarios: buyersFor('booking', VUS),
  thresholds: {
    http_req_failed: ['rate<0.01'],
    flow_failed: ['rate<0.01'],
    'http_req_duration{name:hold}': ['p(95)<1000'],
    'http_req_duration{name:pay}': ['p(95)<1000'],
    'http_req_duration{name:seats}': ['p(95)<500'],
  },
};

export function setup() {
  const concerts = concertIds();
  for (const concertId of concerts) {
    changeQueueSettings(concertId, { admitPerTick: 500, tickMillis: 200, paused: false });
  }
  return { runBase: runBase(), concerts };
}

function pick(items) {
  return items[Math.floor(Math.random() * items.length)];
}

// One booking attempt; answers 'paid', 'sold-out' or the step that went wrong.
function book(user, concertId) {
  const charged = chargePoints(user, WALLET);
  if (!check(charged, { 'charge is 200': (r) => r.status === 200 })) return 'charge';

  const entry = enterQueue(concertId, user);
  if (!check(entry.res, { 'entry is 201': (r) => r.status === 201 })) return 'enter';
  const waited = waitUntilActive(entry, MAX_WAIT_SECONDS);
  if (!check(waited, { 'admitted': (w) => w.status === 'ACTIVE' })) return 'admission';
  timeToAdmission.add(waited.waitedMillis);

  const outcome = holdAndPay(user, concertId, entry.token);
  if (outcome !== 'paid') {
    leaveQueue(entry.token); // give the active slot back; a hold already did that
  }
  return outcome;
}

function holdAndPay(user, concertId, token) {
  const schedules = listSchedules(token, concertId);
  if (!check(schedules, { 'schedules is 200': (r) => r.status === 200 })) return 'schedules';
  const open = body(schedules).filter((s) => s.availableSeats > 0);
  if (open.length === 0) return 'sold-out';
  const scheduleId = pick(open).scheduleId;

  const seats = listSeats(token, scheduleId);
  if (!check(seats, { 'seats is 200': (r) => r.status === 200 })) return 'seats';
  const free = body(seats).filter((s) => s.status === 'AVAILABLE');

  for (let attempt = 0; attempt < HOLD_ATTEMPTS && free.length > 0; attempt++) {
    const seat = free.splice(Math.floor(Math.random() * free.length), 1)[0];
    const hold = holdSeat(token, scheduleId, seat.seatNumber);
    if (hold.status === 409) {
      seatConflicts.add(1);
      continue;
    }
    if (!check(hold, { 'hold is 201': (r) => r.status === 201 })) return 'hold';
    const reservation = body(hold);

    const payment = pay(user, reservation.reservationId);
    const ok = check(payment, {
      'payment is 201 PAID': (r) => r.status === 201 && body(r).status === 'PAID',
      'the price left the wallet': (r) => body(r).balance === WALLET - seat.price,
    });
    return ok ? 'paid' : 'pay';
  }
  // Every seat we tried went to somebody else first: contention, not a fault.
  return 'sold-out';
}

export default function (data) {
  const started = Date.now();
  const outcome = book(userAt(data.runBase, exec.scenario.iterationInTest), pick(data.concerts));
  flowFailed.add(outcome !== 'paid' && outcome !== 'sold-out', { step: outcome });
  if (outcome === 'paid') {
    paid.add(1);
    bookingTime.add(Date.now() - started);
  } else if (outcome === 'sold-out') {
    soldOut.add(1);
    sleep(1); // nothing left to buy here: do not hammer the service
  }
}
