// HTTP client for the waiting-room API (the contract: docs/api.md). Same origin, relative URLs.
import { has, msg } from './i18n.js';

const BASE = 'api/v1';
const ADMIN = 'admin/queues';
const BOX_OFFICE = 'admin';

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

async function call(method, path, { body, userId, token, idempotencyKey, adminKey, base = BASE, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (adminKey != null) headers['X-Admin-Key'] = adminKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (userId != null) headers['X-User-Id'] = String(userId);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

  const res = await send(base + path, {
    method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  if (res.status !== 204) data = await readJson(res);
  if (!res.ok) throw refused(res, data);
  return {
    data, status: res.status,
    retryAfter: retryAfterSeconds(res.headers.get('Retry-After')),
    skewMs: clockSkew(res.headers.get('Date')),
  };
}

/** fetch, never from a cache; a network failure is ApiError(0), an abort stays an AbortError. */
async function send(url, init) {
  try {
    return await fetch(url, { ...init, cache: 'no-store', credentials: 'same-origin' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0);
  }
}

/** The ApiError for a refused request, from its problem body (if any) and Retry-After. */
function refused(res, problem) {
  return new ApiError(res.status, problem && typeof problem === 'object' ? problem : {},
    retryAfterSeconds(res.headers.get('Retry-After')));
}

async function readJson(res) {
  const text = await res.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return null; }
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
  sections: (scheduleId, token, o) => call('GET', `/schedules/${scheduleId}/sections`, { ...o, token }),
  sectionSeats: (scheduleId, sectionId, token, o) =>
    call('GET', `/schedules/${scheduleId}/sections/${sectionId}/seats`, { ...o, token }),
  /**
   * A hold: `what` is {seatIds: [...]} (these seats, all or nothing) or {sectionId, count} (the
   * best `count` seats of a section). The same idempotencyKey again gives the same reservation.
   */
  hold: (scheduleId, what, token, userId, idempotencyKey, o) =>
    call('POST', '/reservations', {
      ...o, token, userId, idempotencyKey, body: { scheduleId: Number(scheduleId), ...what },
    }),
  reservations: (userId, o) => call('GET', '/reservations', { ...o, userId }),
  reservation: (id, userId, o) => call('GET', `/reservations/${id}`, { ...o, userId }),
  /** Cancels a hold, or refunds a payment while the concert allows it; cancelling again answers the same. */
  cancel: (id, userId, o) => call('POST', `/reservations/${id}/cancel`, { ...o, userId }),
  points: (userId, o) => call('GET', '/points', { ...o, userId }),
  charge: (amount, userId, idempotencyKey, o) =>
    call('POST', '/points/charges', { ...o, userId, idempotencyKey, body: { amount } }),
  pay: (reservationId, userId, idempotencyKey, o) =>
    call('POST', '/payments', { ...o, userId, idempotencyKey, body: { reservationId: Number(reservationId) } }),

  // ---- operators (X-Admin-Key) ----
  settings: (concertId, adminKey, o) => call('GET', `/${concertId}/settings`, { ...o, adminKey, base: ADMIN }),
  changeSettings: (concertId, adminKey, change, o) =>
    call('PUT', `/${concertId}/settings`, { ...o, adminKey, base: ADMIN, body: change }),
  // the box office set-up: concerts, their dates and layouts
  adminConcerts: (adminKey, o) => call('GET', '/concerts', { ...o, adminKey, base: BOX_OFFICE }),
  adminConcert: (concertId, adminKey, o) => call('GET', `/concerts/${concertId}`, { ...o, adminKey, base: BOX_OFFICE }),
  createConcert: (adminKey, concert, o) => call('POST', '/concerts', { ...o, adminKey, base: BOX_OFFICE, body: concert }),
  addSchedule: (concertId, adminKey, schedule, o) =>
    call('POST', `/concerts/${concertId}/schedules`, { ...o, adminKey, base: BOX_OFFICE, body: schedule }),
  /**
   * The queue's server-sent events as they come: onEvent(name, data) for each; resolves when the
   * server ends the stream, rejects with an ApiError when it refuses to start one (a wrong key is
   * a 401 before any event), and with an AbortError when the signal aborts it. EventSource cannot
   * send the X-Admin-Key header, hence fetch and a stream reader.
   */
  async queueEvents(concertId, adminKey, onEvent, { signal } = {}) {
    const res = await send(`${ADMIN}/${concertId}/events`, {
      headers: { Accept: 'text/event-stream', 'X-Admin-Key': adminKey }, signal,
    });
    if (!res.ok || !res.body) throw refused(res, await readJson(res).catch(() => null));
    await readEvents(res.body, onEvent);
  },
};

/** Splits a text/event-stream body into events (the "event:" and "data:" fields of the SSE format). */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = '';
  let data = [];
  const line = (raw) => {
    if (raw === '') { // a blank line ends an event
      if (data.length) onEvent(name || 'message', data.join('\n'));
      name = '';
      data = [];
      return;
    }
    if (raw.startsWith(':')) return; // a comment (keep-alive)
    const colon = raw.indexOf(':');
    const field = colon < 0 ? raw : raw.slice(0, colon);
    let value = colon < 0 ? '' : raw.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      // a lone \r at the end may be half of a \r\n: it waits for the next piece
      const lines = buffer.split(/\r\n|\n|\r(?!$)/);
      buffer = lines.pop(); // the last piece may be half a line
      lines.forEach(line);
    }
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0);
  } finally {
    reader.releaseLock?.();
  }
}

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
