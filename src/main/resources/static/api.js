// HTTP client for the waiting-room API (the contract: docs/api.md). Same origin, relative URLs.
import { has, msg } from './i18n.js';

const BASE = 'api/v1';

/** An HTTP error carrying the problem+json body's machine `code`. status 0 = network failure. */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || (status ? `HTTP ${status}` : 'network error'));
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function retryAfterSeconds(value) {
  if (!value) return null;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return n;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, (t - Date.now()) / 1000);
}

async function call(method, path, { body, userId, token, idempotencyKey, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (userId != null) headers['X-User-Id'] = String(userId);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

  let res;
  try {
    res = await fetch(BASE + path, {
      method, headers, signal, cache: 'no-store', credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0);
  }
  const retryAfter = retryAfterSeconds(res.headers.get('Retry-After'));
  const skewMs = clockSkew(res.headers.get('Date'));
  let data = null;
  if (res.status !== 204) {
    const text = await res.text();
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
  }
  if (!res.ok) {
    throw new ApiError(res.status, data && typeof data === 'object' ? data : {}, retryAfter);
  }
  return { data, status: res.status, retryAfter, skewMs };
}

/**
 * How far the server's clock is ahead of this device's, from a response's Date header (whole
 * seconds, so differences under two seconds count as none); null without the header.
 */
function clockSkew(dateHeader) {
  const server = dateHeader ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(server)) return null;
  const skew = server - Date.now();
  return Math.abs(skew) < 2000 ? 0 : skew;
}

export const api = {
  concerts: (o) => call('GET', '/concerts', o),
  joinQueue: (concertId, userId, o) =>
    call('POST', '/queue/tokens', { ...o, userId, body: { concertId: Number(concertId) } }),
  queueStatus: (token, o) => call('GET', '/queue/tokens/me', { ...o, token }),
  leaveQueue: (token, o) => call('DELETE', '/queue/tokens/me', { ...o, token }),
  schedules: (concertId, token, o) => call('GET', `/concerts/${concertId}/schedules`, { ...o, token }),
  seats: (scheduleId, token, o) => call('GET', `/schedules/${scheduleId}/seats`, { ...o, token }),
  hold: (scheduleId, seatNumber, token, userId, o) =>
    call('POST', '/reservations', {
      ...o, token, userId, body: { scheduleId: Number(scheduleId), seatNumber: Number(seatNumber) },
    }),
  reservation: (id, userId, o) => call('GET', `/reservations/${id}`, { ...o, userId }),
  points: (userId, o) => call('GET', '/points', { ...o, userId }),
  charge: (amount, userId, idempotencyKey, o) =>
    call('POST', '/points/charges', { ...o, userId, idempotencyKey, body: { amount } }),
  pay: (reservationId, userId, idempotencyKey, o) =>
    call('POST', '/payments', { ...o, userId, idempotencyKey, body: { reservationId: Number(reservationId) } }),
};

/** Worth retrying by itself later: network trouble, overload, server-side hiccups. */
export const isRetryable = (e) => e instanceof ApiError && (e.status === 0 || e.status === 429 || e.status >= 500);

/** A queue pass that can no longer be used (forged, stale, waiting or expired). */
export const isPassProblem = (e) =>
  e instanceof ApiError && (e.status === 401 || e.code === 'TOKEN_NOT_ACTIVE' || e.code === 'TOKEN_INVALID');

/**
 * The error in the user's words, as a message of i18n/{lang}.json: problem responses keep their
 * stable `code`, which names the message; the server's English `detail` is never shown.
 */
export function explain(e) {
  if (!(e instanceof ApiError)) return msg('errors.unexpected');
  const known = `errors.${e.code}`;
  if (/^[A-Z_]+$/.test(e.code) && has(known)) return msg(known);
  if (e.status === 429) return msg('errors.TOO_MANY_REQUESTS'); // say, from a proxy in front, without a code
  return msg(e.status >= 500 ? 'errors.server' : 'errors.generic');
}
