// My reservations: the user's reservations, newest first, each with its concert, date (in the
// venue's time zone), seats, price and status in words; a hold still running links to its checkout.
// A hold, and a paid one until its concert's cancelUntil before the date, can be cancelled here:
// the answer says what was refunded, and the list is read again.
import { api, explain, isRetryable } from './api.js';
import { text, plain, title } from './i18n.js';
import { $, go, store, flash, concertName, concertInfo, points, countdown, backoffSeconds, venueTime, seatLabels } from './util.js';

const el = {
  msg: $('#r-msg'),
  list: $('#r-list'),
  refresh: $('#r-refresh'),
};

let ctx = null;
let userId = null;
let attempt = 0;

const say = (key, args) => text(el.msg, key, args);

export async function reservationsView(viewCtx) {
  ctx = viewCtx;
  userId = store.userId();
  attempt = 0;
  title('title.reservations');
  if (!userId) {
    flash('home.userIdFirst');
    go('#/', { replace: true });
    return;
  }
  await load();
}

async function load() {
  const viewCtx = ctx;
  el.list.setAttribute('aria-busy', 'true');
  el.refresh.disabled = true;
  if (!el.list.children.length) say('reservations.loading');
  try {
    const { data } = await api.reservations(userId, { signal: ctx.signal });
    if (ctx !== viewCtx) return;
    attempt = 0;
    const list = Array.isArray(data) ? data : [];
    list.forEach((r) => store.keepReservation(r));
    await render(list, viewCtx);
    say(list.length ? null : 'reservations.none');
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive || ctx !== viewCtx) return;
    if (isRetryable(e)) {
      const s = backoffSeconds(e.retryAfter, attempt++);
      say('reservations.retry', { reason: explain(e), s });
      ctx.later(load, s * 1000);
    } else {
      say(explain(e));
    }
  } finally {
    if (ctx === viewCtx) {
      el.list.setAttribute('aria-busy', 'false');
      el.refresh.disabled = false;
    }
  }
}

/** HELD past its hold time is EXPIRED, even if the server's sweeper hasn't caught up yet. */
function statusOf(r) {
  if (r.status === 'HELD' && Date.parse(r.holdExpiresAt) <= Date.now()) return 'EXPIRED';
  return r.status || '';
}

/** Milliseconds of an ISO-8601 duration as the server writes them ("PT24H", "PT72H30M", "PT0S"); null if it is not one. */
function durationMillis(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso ?? '');
  if (!m) return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** When a paid reservation stops being cancellable for a refund; null when unknown (then no button: the server decides). */
function cancelClosesAt(r, concert) {
  const before = durationMillis(concert?.cancelUntil);
  if (before == null || !r.startsAt) return null;
  return Date.parse(r.startsAt) - before;
}

async function render(list, viewCtx) {
  const concerts = new Map();
  await Promise.all([...new Set(list.map((r) => r.concertId))].map(async (id) => {
    concerts.set(id, await concertInfo(id));
  }));
  if (ctx !== viewCtx) return;
  el.list.replaceChildren(...list.map((r) => card(r, concerts.get(r.concertId) ?? null, viewCtx)));
}

async function cancel(r, button, viewCtx) {
  button.disabled = true;
  text(button, 'reservations.cancelling');
  try {
    const { data } = await api.cancel(r.reservationId, userId, { signal: ctx.signal });
    if (ctx !== viewCtx) return;
    await load();
    if (data?.refunded > 0) say('reservations.refundedTo', { id: String(r.reservationId), refund: points(data.refunded) });
    else say('reservations.released', { id: String(r.reservationId) });
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive || ctx !== viewCtx) return;
    say(explain(e));
    await load();
  }
}

function fact(labelKey, value) {
  const row = document.createElement('div');
  const dt = document.createElement('dt');
  text(dt, labelKey);
  const dd = document.createElement('dd');
  if (value) dd.append(value);
  row.append(dt, dd);
  return row;
}

function span(className, fill) {
  const s = document.createElement('span');
  if (className) s.className = className;
  fill(s);
  return s;
}

function card(r, concert, viewCtx) {
  const timeZone = concert?.timeZone ?? null;
  const id = r.reservationId;
  const st = statusOf(r);
  const closesAt = st === 'PAID' ? cancelClosesAt(r, concert) : null;
  const cancellable = st === 'HELD' || (closesAt != null && closesAt > Date.now());
  const li = document.createElement('li');
  li.className = 'card reservation';
  li.setAttribute('data-testid', `reservation-${id}`);
  li.dataset.status = st;

  const h = document.createElement('h2');
  h.id = `r-${id}-h`;
  text(h, 'common.concert', { id: String(r.concertId ?? '') });
  if (r.concertId != null) concertName(r.concertId).then((m) => { if (ctx === viewCtx) text(h, m); });
  const number = document.createElement('p');
  number.className = 'sub num';
  number.id = `r-${id}-n`;
  text(number, 'reservations.number', { id: String(id) });

  const facts = document.createElement('dl');
  facts.className = 'facts';
  facts.append(
    fact('checkout.date', r.startsAt ? span(null, (s) => text(s, 'common.datetime', { at: venueTime(r.startsAt, timeZone) })) : null),
    fact('checkout.seat', span(null, (s) => {
      s.setAttribute('data-testid', `reservation-${id}-seats`);
      plain(s, seatLabels(r.seats) || (r.seatNumber != null ? String(r.seatNumber) : '–'));
    })),
    fact('checkout.price', span('num', (s) => { if (r.price != null) text(s, points(r.price)); else plain(s, '–'); })),
    fact('checkout.status', span('badge', (s) => {
      s.dataset.status = st;
      s.setAttribute('data-testid', `reservation-${id}-status`);
      if (st) text(s, `checkout.statusName.${st}`);
    })),
  );
  if (st === 'HELD') {
    const left = span('num', () => {});
    facts.append(fact('checkout.holdLeft', left));
    countdown(ctx, Date.parse(r.holdExpiresAt), (ms) => text(left, 'common.clock', { ms }), () => {
      li.dataset.status = 'EXPIRED';
      const badge = li.querySelector('.badge');
      badge.dataset.status = 'EXPIRED';
      text(badge, 'checkout.statusName.EXPIRED');
      li.querySelector('.cancel')?.remove();
    });
  }
  if (cancellable && st === 'PAID') {
    facts.append(fact('reservations.cancelUntil', span(null, (s) => {
      s.setAttribute('data-testid', `reservation-${id}-cancel-until`);
      text(s, 'common.datetime', { at: venueTime(new Date(closesAt).toISOString(), timeZone) });
    })));
  }
  if (st === 'CANCELLED' && r.refunded != null) {
    facts.append(fact('reservations.refunded', span('num', (s) => {
      s.setAttribute('data-testid', `reservation-${id}-refunded`);
      text(s, points(r.refunded));
    })));
  }

  const actions = document.createElement('div');
  actions.className = 'actions';
  const a = document.createElement('a');
  a.href = `#/checkout/${id}`;
  a.className = st === 'HELD' ? 'button primary' : 'button link';
  a.setAttribute('data-testid', `reservation-${id}-open`);
  a.setAttribute('aria-describedby', `${h.id} ${number.id}`); // "Pay now", for which reservation
  text(a, st === 'HELD' ? 'reservations.pay' : 'reservations.details');
  actions.append(a);
  if (cancellable) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button cancel';
    b.setAttribute('data-testid', `reservation-${id}-cancel`);
    b.setAttribute('aria-describedby', `${h.id} ${number.id}`);
    text(b, st === 'HELD' ? 'reservations.cancelHold' : 'reservations.cancelPaid');
    b.addEventListener('click', () => cancel(r, b, viewCtx));
    actions.append(b);
  }

  li.append(h, number, facts, actions);
  return li;
}

el.refresh.addEventListener('click', () => { if (ctx?.alive) load(); });
