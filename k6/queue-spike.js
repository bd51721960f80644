// A sale opens: arrivals ramp up to PEAK_RATE entries per second. Every arrival takes a
// queue token, polls at the server's pollAfterMillis until ACTIVE (as a browser does), and
// then leaves, giving the slot back. Measures time to admission and entry/poll latency.
//
//   k6 run k6/queue-spike.js                       # real load (see k6/README.md)
//   K6_PROFILE=smoke k6 run k6/queue-spike.js      # under a minute, a few users
//
// Env: BASE_URL, ADMIN_KEY, K6_PROFILE, CONCERT_ID (1), PEAK_RATE (100 per second),
// ADMIT_PER_TICK (80; applied with ADMIN_KEY), MAX_WAIT_SECONDS, MAX_VUS, JWT_FILE (jwt mode).
import exec from 'k6/execution';
import { check } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import {
  SMOKE, changeQueueSettings, enterQueue, envInt, leaveQueue, runBase, userAt, waitUntilActive,
} from './common.js';

const CONCERT_ID = envInt('CONCERT_ID', 1);
const PEAK_RATE = envInt('PEAK_RATE', SMOKE ? 4 : 100);
const ADMIT_PER_TICK = envInt('ADMIT_PER_TICK', SMOKE ? 5 : 80);
const MAX_WAIT_SECONDS = envInt('MAX_WAIT_SECONDS', SMOKE ? 20 : 300);

const timeToAdmission = new Trend('time_to_admission', true);
const pollsUntilAdmitted = new Trend('polls_until_admitted');
const admitted = new Counter('admitted');
const notAdmitted = new Counter('not_admitted');
const unexpected = new Rate('unexpected_responses');

const stages = SMOKE
  ? [
    { target: PEAK_RATE, duration: '10s' },
    { target: PEAK_RATE, duration: '10s' },
  ]
  : [
    { target: PEAK_RATE, duration: '30s' },
    { target: PEAK_RATE, duration: '1m' },
    { target: 0, duration: '30s' },
  ];

export const options = {
  scenarios: {
    spike: {
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnit: '1s',
      stages,
      // Every waiting user holds a VU for as long as it waits.
      preAllocatedVUs: SMOKE ? 10 : 200,
      maxVUs: envInt('MAX_VUS', SMOKE ? 100 : 3000),
      gracefulStop: `${MAX_WAIT_SECONDS + 5}s`,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    unexpected_responses: ['rate<0.01'],
    'http_req_duration{name:enter}': ['p(95)<500'],
    'http_req_duration{name:poll}': ['p(95)<250'],
    not_admitted: ['count<1'],
  },
};

export function setup() {
  changeQueueSettings(CONCERT_ID, { admitPerTick: ADMIT_PER_TICK, tickMillis: 1000, paused: false });
  return { runBase: runBase() };
}

export default function (data) {
  const entry = enterQueue(CONCERT_ID, userAt(data.runBase, exec.scenario.iterationInTest));
  const entered = check(entry.res, {
    'entry is 201': (r) => r.status === 201,
    'entry carries a token': () => entry.token !== null,
  });
  unexpected.add(!entered);
  if (!entry.token) {
    return;
  }

  const waited = waitUntilActive(entry, MAX_WAIT_SECONDS);
  unexpected.add(waited.failures > 0);
  const isActive = waited.status === 'ACTIVE';
  admitted.add(isActive ? 1 : 0);
  notAdmitted.add(isActive ? 0 : 1);
  if (isActive) {
    timeToAdmission.add(waited.waitedMillis);
    pollsUntilAdmitted.add(waited.polls);
  }
  // Giving the slot back keeps the run about admission, not about maxActive filling up.
  const left = leaveQueue(entry.token);
  unexpected.add(!check(left, { 'leaving is 204': (r) => r.status === 204 }));
}
