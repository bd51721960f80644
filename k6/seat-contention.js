// Many users race for a few seats of one date. All racers are admitted together, each tries
// the target seats in a random order until one hold succeeds or every seat answered 409, and
// winners pay. Thresholds fail the run if any seat is held or paid more than once; at the end
// the seat map is read back and each target seat must be taken.
//
//   ADMIN_KEY=... k6 run k6/seat-contention.js
//   ADMIN_KEY=... K6_PROFILE=smoke k6 run k6/seat-contention.js
//
// Env: BASE_URL, ADMIN_KEY (needed to admit every racer at once), K6_PROFILE, CONCERT_ID (3),
// SEATS (seat numbers, "1,2,3"; the script picks a date where all of them are free),
// RACERS (20 smoke, 300 load), JWT_FILE (jwt mode: RACERS + 2 JWTs, the last two for the lookers).
import exec from 'k6/execution';
import { check, fail } from 'k6';
import { Counter } from 'k6/metrics';
import {
  SMOKE, activeToken, body, changeQueueSettings, chargePoints, enterQueue, envInt, holdSeat,
  leaveQueue, listSchedules, listSeats, pay, runBase, userAt, waitUntilActive,
} from './common.js';

const CONCERT_ID = envInt('CONCERT_ID', 3);
const SEATS = (__ENV.SEATS || (SMOKE ? '1,2,3' : '1,2,3,4,5')).split(',').map((n) => parseInt(n.trim(), 10));
const RACERS = envInt('RACERS', SMOKE ? 20 : 300);
const MAX_WAIT_SECONDS = envInt('MAX_WAIT_SECONDS', 30);
const WALLET = 200000;
// The two lookers (setup, teardown) are the users after the racers 0..RACERS-1.
const SETUP_USER = RACERS;
const TEARDOWN_USER = RACERS + 1;

const holdsWon = new Counter('holds_won');
const holdsLost = new Counter('holds_lost');
const seatsPaid = new Counter('seats_paid');
const racersWithoutSeat = new Counter('racers_without_seat');
const racerFaults = new Counter('racer_faults');

function seatThresholds() {
  const thresholds = {
    http_req_failed: ['rate<0.01'],
    checks: ['rate==1'],
    racer_faults: ['count<1'],
    // Every target seat goes to exactly one racer (there are more racers than seats).
    holds_won: [`count==${SEATS.length}`],
    seats_paid: [`count==${SEATS.length}`],
  };
  for (const seat of SEATS) {
    thresholds[`holds_won{seat:${seat}}`] = ['count<=1'];
    thresholds[`seats_paid{seat:${seat}}`] = ['count<=1'];
  }
  return thresholds;
}

export const options = {
  scenarios: {
    race: {
      executor: 'per-vu-iterations',
      vus: RACERS,
      iterations: 1,
      maxDuration: SMOKE ? '45s' : '3m',
    },
  },
  thresholds: seatThresholds(),
};

function seatMap(token, scheduleId) {
  const res = listSeats(token, scheduleId);
  if (res.status !== 200) fail(`reading the seats of schedule ${scheduleId} answered ${res.status}`);
  const byNumber = {};
  for (const seat of body(res)) byNumber[seat.seatNumber] = seat.status;
  return byNumber;
}

export function setup() {
  if (RACERS <= SEATS.length) fail(`RACERS (${RACERS}) must exceed the number of SEATS (${SEATS.length})`);
  // Admit the whole field in one tick so that they really race.
  changeQueueSettings(CONCERT_ID, { admitPerTick: Math.max(RACERS, 100), tickMillis: 100, paused: false });
  const base = runBase();
  const token = activeToken(CONCERT_ID, userAt(base, SETUP_USER), MAX_WAIT_SECONDS);
  const schedules = body(listSchedules(token, CONCERT_ID)) || [];
  const target = schedules.find((s) => SEATS.every((n) => seatMap(token, s.scheduleId)[n] === 'AVAILABLE'));
  leaveQueue(token);
  if (!target) fail(`no date of concert ${CONCERT_ID} has seats ${SEATS} all free; pick other SEATS or CONCERT_ID`);
  console.log(`racing ${RACERS} users for seats ${SEATS} of schedule ${target.scheduleId}`);
  return { runBase: base, scheduleId: target.scheduleId };
}

function shuffled(items) {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export default function (data) {
  const user = userAt(data.runBase, exec.scenario.iterationInTest);
  const fault = (what) => { racerFaults.add(1, { step: what }); };
  if (chargePoints(user, WALLET).status !== 200) return fault('charge');
  const entry = enterQueue(CONCERT_ID, user);
  if (!entry.token) return fault('enter');
  if (waitUntilActive(entry, MAX_WAIT_SECONDS).status !== 'ACTIVE') return fault('admission');

  for (const seat of shuffled(SEATS)) {
    const tags = { seat: String(seat) };
    const hold = holdSeat(entry.token, data.scheduleId, seat);
    if (hold.status === 409) {
      holdsLost.add(1, tags);
      continue;
    }
    if (hold.status !== 201) return fault('hold');
    holdsWon.add(1, tags);
    const payment = pay(user, body(hold).reservationId);
    if (!check(payment, { 'winner pays': (r) => r.status === 201 })) return fault('pay');
    seatsPaid.add(1, tags);
    return undefined;
  }
  racersWithoutSeat.add(1);
  leaveQueue(entry.token);
  return undefined;
}

export function teardown(data) {
  const token = activeToken(CONCERT_ID, userAt(data.runBase, TEARDOWN_USER), MAX_WAIT_SECONDS);
  const seats = seatMap(token, data.scheduleId);
  leaveQueue(token);
  for (const seat of SEATS) {
    console.log(`seat ${seat}: ${seats[seat]}`);
    check(seats, { [`seat ${seat} is RESERVED at the end`]: (s) => s[seat] === 'RESERVED' });
  }
}
