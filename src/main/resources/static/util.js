// Small shared helpers: DOM, navigation, storage, formatting, timers.
import { api } from './api.js';

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

/** A message for the next view to show (e.g. "You left the queue."). */
let flashText = '';
export const flash = (text) => { flashText = text; };
export const takeFlash = () => { const t = flashText; flashText = ''; return t; };

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
};

// ---- concerts (public list, cached for titles in later views) ----
let concertsPromise = null;
export function loadConcerts(signal) {
  const cached = read(session(), 'wr.concerts');
  if (cached) return Promise.resolve(cached);
  concertsPromise ??= api.concerts({ signal }).then(({ data }) => {
    const list = Array.isArray(data) ? data : [];
    write(session(), 'wr.concerts', list);
    return list;
  }).finally(() => { concertsPromise = null; });
  return concertsPromise;
}
export async function concertName(concertId) {
  try {
    const c = (await loadConcerts()).find((x) => String(x.concertId) === String(concertId));
    return c ? `${c.title} · ${c.venue}` : `Concert ${concertId}`;
  } catch {
    return `Concert ${concertId}`;
  }
}

// ---- formatting ----
const nf = new Intl.NumberFormat();
export const points = (n) => (n == null || n === '' ? '–' : `${nf.format(n)} points`);

/** ETA in words: "less than a minute", "about a minute", "about 3 minutes", "about 1 hour 20 minutes". */
export function etaWords(seconds) {
  const s = Number(seconds);
  if (seconds == null || !Number.isFinite(s)) return '–';
  if (s < 60) return 'less than a minute';
  const min = Math.round(s / 60);
  if (min <= 1) return 'about a minute';
  if (min < 60) return `about ${min} minutes`;
  const h = Math.floor(min / 60);
  const m = Math.round((min % 60) / 5) * 5;
  const hours = `${h} hour${h > 1 ? 's' : ''}`;
  return m > 0 && m < 60 ? `about ${hours} ${m} minutes` : `about ${hours}`;
}

/** Milliseconds as m:ss (or h:mm:ss). */
export function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const df = new Intl.DateTimeFormat(undefined, {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
export function when(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? String(iso ?? '–') : df.format(t);
}

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
