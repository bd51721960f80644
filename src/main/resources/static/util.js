// Small shared helpers: DOM, navigation, storage, timers. Texts and formatting: i18n.js.
import { api } from './api.js';
import { msg } from './i18n.js';

export const $ = (selector, root = document) => root.querySelector(selector);

/** Navigate to a hash route; re-renders even when the hash is unchanged. */
export function go(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

/** A message for the next view to show (e.g. "You left the queue."), as an i18n key. */
let flashed = null;
export const flash = (key, args) => { flashed = msg(key, args); };
export const takeFlash = () => { const m = flashed; flashed = null; return m; };

// ---- storage (never throws: private modes and blocked storage just forget) ----
const area = (name) => { try { return window[name]; } catch { return null; } };
function read(storage, key) {
  try { const v = storage?.getItem(key); return v == null ? null : JSON.parse(v); } catch { return null; }
}
function write(storage, key, value) {
  try { value == null ? storage?.removeItem(key) : storage?.setItem(key, JSON.stringify(value)); } catch { /* ignore */ }
}
const local = () => area('localStorage');
const session = () => area('sessionStorage');

const MAX_LONG = 9223372036854775807n;
/** A positive whole number that fits a Java long; kept as a string so nothing is rounded. */
export function parseUserId(raw) {
  const v = String(raw ?? '').trim();
  if (!/^[1-9][0-9]{0,18}$/.test(v)) return null;
  return BigInt(v) <= MAX_LONG ? v : null;
}

export const store = {
  userId: () => parseUserId(read(local(), 'wr.userId')),
  setUserId: (v) => write(local(), 'wr.userId', v),

  /** The queue token for a concert: {token, userId, initialRank, activeUntil}; only the current user's. */
  token(concertId) {
    const t = read(session(), `wr.token.${concertId}`);
    return t && t.token && t.userId === store.userId() ? t : null;
  },
  setToken: (concertId, t) => write(session(), `wr.token.${concertId}`, t),
  patchToken(concertId, patch) {
    const t = store.token(concertId);
    if (t) store.setToken(concertId, { ...t, ...patch });
  },
  clearToken: (concertId) => write(session(), `wr.token.${concertId}`, null),

  reservation: (id) => read(session(), `wr.res.${id}`),
  setReservation(r) {
    write(session(), `wr.res.${r.reservationId}`, r);
    write(session(), 'wr.res.last', r.reservationId);
  },
  lastReservationId: () => read(session(), 'wr.res.last'),
  /** Keeps what a list told about a reservation (its concert and date) for the checkout, without making it the last one. */
  keepReservation(r) {
    const known = store.reservation(r.reservationId) || {};
    write(session(), `wr.res.${r.reservationId}`, { ...known, ...r });
  },
};

// ---- concerts (public list, cached for titles, time zones and seat limits in later views) ----
let concertsPromise = null;
export function loadConcerts(signal) {
  const cached = read(session(), 'wr.concerts');
  // a list kept from before the box office lacks the zone and the limit: it is asked for again
  if (Array.isArray(cached) && cached.every((c) => 'maxSeatsPerUser' in c)) return Promise.resolve(cached);
  concertsPromise ??= api.concerts({ signal }).then(({ data }) => {
    const list = Array.isArray(data) ? data : [];
    write(session(), 'wr.concerts', list);
    return list;
  }).finally(() => { concertsPromise = null; });
  return concertsPromise;
}
/** Forgets the cached list (the console just created a concert), so that the next loadConcerts() asks again. */
export const forgetConcerts = () => write(session(), 'wr.concerts', null);

/** The concert's title and venue as a message (they are data, shown as they are in every language). */
export async function concertName(concertId) {
  const c = await concertInfo(concertId);
  if (c) return msg('common.concertName', { title: c.title, venue: c.venue });
  return msg('common.concert', { id: String(concertId) });
}

/** One concert of the public list ({concertId, title, venue, timeZone, maxSeatsPerUser}), or null. */
export async function concertInfo(concertId) {
  const find = (list) => list.find((x) => String(x.concertId) === String(concertId)) ?? null;
  try {
    const c = find(await loadConcerts());
    if (c) return c;
    write(session(), 'wr.concerts', null); // a concert set up since the list was kept
    return find(await loadConcerts());
  } catch {
    return null;
  }
}

/** An instant as a datetime argument shown in the venue's time zone when it is known ({at, timeZone} of i18n.js). */
export const venueTime = (at, timeZone) => (timeZone ? { at, timeZone } : at);

/** Seat labels as one text ("Floor A 1-3, Floor A 1-4"); labels are data, the same in every language. */
export const seatLabels = (seats) => (Array.isArray(seats) ? seats.map((s) => s.label).filter(Boolean).join(', ') : '');

/** A number of points as a message ("1,000 points", "1,000포인트"). */
export const points = (n) => msg('common.points', { n: Number(n) });

// ---- randomness and timing ----
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Seconds to wait before retrying: the server's Retry-After, else exponential with jitter, capped at 30 s. */
export function backoffSeconds(retryAfter, attempt) {
  if (retryAfter != null) return Math.min(120, Math.max(1, Math.ceil(retryAfter)));
  const cap = Math.min(30, 2 ** attempt);
  return Math.max(1, Math.round(cap * (0.5 + Math.random() * 0.5)));
}

/**
 * Calls onTick(msLeft) about once a second until `until` (epoch ms), then onEnd().
 * Uses the view's timers (setTimeout), so it stops when the view goes away.
 */
export function countdown(ctx, until, onTick, onEnd) {
  let id = null;
  const step = () => {
    const left = until - Date.now();
    onTick(Math.max(0, left));
    if (left <= 0) { onEnd?.(); return; }
    id = ctx.later(step, (left % 1000) + 20);
  };
  step();
  return () => ctx.cancel(id);
}
