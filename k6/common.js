// What the scripts share: settings from the environment, who the users are, the calls of
// the API (../README.md, "The API in brief"; docs/api.md), and the wait in the queue. Core k6 modules only.
import http from 'k6/http';
import encoding from 'k6/encoding';
import { SharedArray } from 'k6/data';
import { sleep, fail } from 'k6';

export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
export const ADMIN_KEY = __ENV.ADMIN_KEY || '';
export const SMOKE = (__ENV.K6_PROFILE || '').toLowerCase() === 'smoke';
// Every request carries a timeout: above the service's own request deadline (5 s, then 503
// TIMEOUT), so a hung connection shows up as a failed request instead of a stuck VU.
export const TIMEOUT = __ENV.HTTP_TIMEOUT || '10s';

// 409 (a seat somebody else got first) is an answer the flows expect, not a failed request.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }, 409));

export function envInt(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = parseInt(raw, 10);
  if (Number.isNaN(value)) {
    fail(`${name} must be a whole number, got "${raw}"`);
  }
  return value;
}

// Users of one run must not meet users of an earlier run (re-entry would hand back their old
// tokens), so ids start from the clock. setup() computes it once and passes it to every VU.
export function runBase() {
  return Date.now() * 1000;
}

// Who the users are. The service in header mode takes X-User-Id: user n of a run is runBase + n + 1.
// In jwt mode it wants the identity provider's JWTs: JWT_FILE names a JSON array of them (minted by
// ../dev/jwt/mint-jwts.mjs, whose default first id also comes from the clock), user n sends the n-th
// as Authorization: Bearer and is the number in its sub.
const JWT_FILE = __ENV.JWT_FILE || '';
const JWTS = JWT_FILE ? new SharedArray('jwts', () => readJwts(JWT_FILE)) : null;

function readJwts(path) {
  let tokens;
  try {
    tokens = JSON.parse(open(path));
  } catch (e) {
    throw new Error(`JWT_FILE=${path} is not a JSON array of JWTs (${e}); `
      + 'mint one: node dev/jwt/mint-jwts.mjs --count 20000 --out k6/jwts.json, and give its absolute path');
  }
  if (!Array.isArray(tokens) || tokens.length === 0) {
    throw new Error(`JWT_FILE=${path} holds no JWTs`);
  }
  return tokens.map((jwt) => ({ jwt, id: subjectOf(jwt) }));
}

function subjectOf(jwt) {
  const claims = JSON.parse(encoding.b64decode(String(jwt).split('.')[1] || '', 'rawurl', 's'));
  const id = Number(claims.sub);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new Error(`a JWT in JWT_FILE has sub "${claims.sub}": the service wants a positive whole number`);
  }
  return id;
}

/** User n (0-based) of this run: {id, auth}, auth being the headers that name the user. */
export function userAt(base, n) {
  if (!JWTS) {
    return { id: base + n + 1, auth: { 'X-User-Id': String(base + n + 1) } };
  }
  if (n >= JWTS.length) {
    fail(`JWT_FILE holds ${JWTS.length} JWTs and this run needs user #${n + 1}: mint more (--count)`);
  }
  const user = JWTS[n];
  return { id: user.id, auth: { Authorization: `Bearer ${user.jwt}` } };
}

export function userHeaders(user) {
  return Object.assign({ 'Content-Type': 'application/json' }, user.auth);
}

export function bearer(token) {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
}

/** The parsed JSON body, or null when there is none. */
export function body(res) {
  try {
    return res.json();
  } catch (e) {
    return null;
  }
}

// Live operator settings for one concert (a partial change: only the fields given).
export function changeQueueSettings(concertId, change) {
  if (!ADMIN_KEY) {
    console.warn(`ADMIN_KEY not set: concert ${concertId} keeps its configured admission settings`);
    return null;
  }
  const res = http.put(`${BASE_URL}/admin/queues/${concertId}/settings`, JSON.stringify(change), {
    headers: { 'X-Admin-Key': ADMIN_KEY, 'Content-Type': 'application/json' },
    tags: { name: 'admin-settings' },
    timeout: TIMEOUT,
  });
  if (res.status !== 200) {
    fail(`changing the settings of concert ${concertId} answered ${res.status}: ${res.body}`);
  }
  return body(res);
}

export function concertIds() {
  const res = http.get(`${BASE_URL}/api/v1/concerts`, { tags: { name: 'concerts' }, timeout: TIMEOUT });
  if (res.status !== 200) {
    fail(`GET /api/v1/concerts answered ${res.status}: is the service running at ${BASE_URL}?`);
  }
  return body(res).map((c) => c.concertId);
}

export function chargePoints(user, amount) {
  return http.post(`${BASE_URL}/api/v1/points/charges`, JSON.stringify({ amount }), {
    headers: Object.assign(userHeaders(user), { 'Idempotency-Key': `k6-charge-${user.id}` }),
    tags: { name: 'charge' },
    timeout: TIMEOUT,
  });
}

/** Takes a queue token: {res, token, status, pollAfterMillis} (token null when refused). */
export function enterQueue(concertId, user) {
  const res = http.post(`${BASE_URL}/api/v1/queue/tokens`, JSON.stringify({ concertId }), {
    headers: userHeaders(user),
    tags: { name: 'enter' },
    timeout: TIMEOUT,
  });
  const answer = res.status === 200 || res.status === 201 ? body(res) : null;
  return {
    res,
    token: answer ? answer.token : null,
    status: answer ? answer.status : null,
    pollAfterMillis: answer ? answer.pollAfterMillis : 1000,
  };
}

export function pollPosition(token) {
  return http.get(`${BASE_URL}/api/v1/queue/tokens/me`, {
    headers: bearer(token),
    tags: { name: 'poll' },
    timeout: TIMEOUT,
  });
}

export function leaveQueue(token) {
  return http.del(`${BASE_URL}/api/v1/queue/tokens/me`, null, {
    headers: bearer(token),
    tags: { name: 'leave' },
    timeout: TIMEOUT,
  });
}

/**
 * Polls as a browser does, at the server's pollAfterMillis (Retry-After on 503), until the
 * token is ACTIVE or EXPIRED or maxWaitSeconds have passed. Returns {status, waitedMillis, polls,
 * failures} where failures counts answers other than 200.
 */
export function waitUntilActive(entry, maxWaitSeconds) {
  const started = Date.now();
  let status = entry.status;
  let pauseMillis = entry.pollAfterMillis;
  let polls = 0;
  let failures = 0;
  while (status === 'WAITING' && Date.now() - started < maxWaitSeconds * 1000) {
    sleep(Math.max(pauseMillis, 100) / 1000);
    const res = pollPosition(entry.token);
    polls++;
    if (res.status === 200) {
      const answer = body(res);
      status = answer.status;
      pauseMillis = answer.pollAfterMillis || 1000;
    } else {
      failures++;
      const retryAfter = parseInt(res.headers['Retry-After'] || '1', 10);
      pauseMillis = (Number.isNaN(retryAfter) ? 1 : retryAfter) * 1000;
    }
  }
  return { status, waitedMillis: Date.now() - started, polls, failures };
}

export function listSchedules(token, concertId) {
  return http.get(`${BASE_URL}/api/v1/concerts/${concertId}/schedules`, {
    headers: bearer(token),
    tags: { name: 'schedules' },
    timeout: TIMEOUT,
  });
}

export function listSeats(token, scheduleId) {
  return http.get(`${BASE_URL}/api/v1/schedules/${scheduleId}/seats`, {
    headers: bearer(token),
    tags: { name: 'seats' },
    timeout: TIMEOUT,
  });
}

export function holdSeat(token, scheduleId, seatNumber) {
  return http.post(`${BASE_URL}/api/v1/reservations`, JSON.stringify({ scheduleId, seatNumber }), {
    headers: bearer(token),
    tags: { name: 'hold' },
    timeout: TIMEOUT,
  });
}

export function pay(user, reservationId) {
  return http.post(`${BASE_URL}/api/v1/payments`, JSON.stringify({ reservationId }), {
    headers: Object.assign(userHeaders(user), { 'Idempotency-Key': `k6-pay-${reservationId}` }),
    tags: { name: 'pay' },
    timeout: TIMEOUT,
  });
}

/** A pass of the user, ACTIVE for the concert (setup and teardown use this to look around). */
export function activeToken(concertId, user, maxWaitSeconds) {
  const entry = enterQueue(concertId, user);
  if (!entry.token) {
    fail(`entering the queue of concert ${concertId} answered ${entry.res.status}: ${entry.res.body}`);
  }
  const waited = waitUntilActive(entry, maxWaitSeconds);
  if (waited.status !== 'ACTIVE') {
    fail(`user ${user.id} was not admitted to concert ${concertId} within ${maxWaitSeconds}s (${waited.status}); `
      + 'is the queue paused? Set ADMIN_KEY to let the script open it.');
  }
  return entry.token;
}

/**
 * The buyers' scenario of the booking scripts: a 30 s smoke of `vus` buyers, or a ramp to `vus`
 * over 30 s, two minutes there, and down.
 */
export function buyersFor(name, vus) {
  if (SMOKE) {
    return { [name]: { executor: 'constant-vus', vus, duration: '30s', gracefulStop: '15s' } };
  }
  return {
    [name]: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { target: vus, duration: '30s' },
        { target: vus, duration: '2m' },
        { target: 0, duration: '15s' },
      ],
      gracefulRampDown: '30s',
    },
  };
}
