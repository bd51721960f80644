// HTTP client for the waiting-room API (see docs: shared/api.md). Same origin, relative URLs.

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
  return { data, status: res.status, retryAfter };
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

const MESSAGES = {
  NETWORK: "We can't reach the server right now. Please check your connection.",
  USER_ID_REQUIRED: 'Please enter your user id (a positive whole number) first.',
  INVALID_REQUEST: "That request wasn't accepted. Please check what you entered.",
  CONCERT_NOT_FOUND: "We couldn't find that concert.",
  QUEUE_UNAVAILABLE: 'The waiting room is very busy right now.',
  TOKEN_INVALID: "Your queue pass wasn't recognised. Please join the queue again.",
  TOKEN_NOT_ACTIVE: "Your booking pass isn't active any more. Please join the queue again.",
  SCHEDULE_NOT_FOUND: "That date isn't available any more.",
  SEAT_UNAVAILABLE: 'Sorry, someone else has just taken that seat.',
  RESERVATION_NOT_FOUND: "We couldn't find that reservation.",
  NOT_OWNER: 'This reservation belongs to a different user id.',
  ALREADY_PAID: 'This reservation is already paid. There is nothing more to do.',
  HOLD_EXPIRED: 'Your hold on this seat expired before payment, so the seat was released and nothing was charged.',
  INSUFFICIENT_BALANCE: "Not enough points to pay for this seat. Add points, then pay again.",
  INVALID_AMOUNT: "That amount can't be charged. Enter a whole number above 0 that is within the per-charge limit.",
};

/** The error in plain words. */
export function explain(e) {
  if (!(e instanceof ApiError)) return 'Something unexpected happened. Please try again.';
  if (MESSAGES[e.code]) return MESSAGES[e.code];
  if (e.status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  return e.problem.detail || e.problem.title || 'That did not work. Please try again.';
}
