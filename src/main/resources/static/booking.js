// Booking: dates with free seats, the 50-seat map, and the seat hold (needs an ACTIVE pass).
// Seats are 44 px touch targets at least; on a phone the map scrolls sideways inside its own
// box (the page never does), and "Bigger seats" zooms it.
import { api, explain, isRetryable, isPassProblem } from './api.js';
import { text, attr, plain, title } from './i18n.js';
import { $, go, store, flash, concertName, points, countdown, backoffSeconds } from './util.js';
import { requestJoin } from './waiting.js';

const el = {
  concert: $('#b-concert'),
  pass: $('#b-pass'),
  msg: $('#b-msg'),
  againRow: $('#b-again-row'),
  again: $('#b-again'),
  dates: $('#b-dates'),
  seats: $('#b-seats'),
  map: $('#b-seatmap'),
  mapHint: $('#b-map-hint'),
  zoom: $('#b-zoom'),
  picked: $('#b-picked'),
  hold: $('#b-hold'),
  refresh: $('#b-refresh'),
  leave: $('#b-leave'),
};

const SEAT_LABELS = { HELD: 'booking.seatHeld', RESERVED: 'booking.seatSold' };

let ctx = null;
let concertId = null;
let userId = null;
let token = null;
let schedules = [];
let scheduleId = null;
let seats = [];
let selected = null;
let busy = false;
let passOver = false;
let attempt = 0;

const say = (key, args) => text(el.msg, key, args);

export async function bookingView(viewCtx, id) {
  ctx = viewCtx;
  concertId = id;
  userId = store.userId();
  schedules = [];
  scheduleId = null;
  seats = [];
  selected = null;
  busy = false;
  passOver = false;
  attempt = 0;
  title('title.booking');
  plain(el.pass, '–');
  el.againRow.hidden = true;
  el.dates.replaceChildren();
  el.dates.setAttribute('aria-busy', 'true');
  showSeatPlaceholder('booking.pickDate');
  updateHold();
  say(null);
  concertName(id).then((m) => { if (ctx === viewCtx) text(el.concert, m); });

  if (!userId) {
    flash('home.enterFirst');
    go('#/', { replace: true });
    return;
  }
  const saved = store.token(id);
  if (!saved) { // no pass on this page: the waiting room gets one
    go(`#/queue/${id}`, { replace: true });
    return;
  }
  token = saved.token;

  let until = Date.parse(saved.activeUntil);
  if (Number.isNaN(until) || until <= Date.now()) {
    try {
      const { data } = await api.queueStatus(token, { signal: ctx.signal });
      if (data.status === 'WAITING') { go(`#/queue/${id}`, { replace: true }); return; }
      if (data.status !== 'ACTIVE') { passEnded(); return; }
      until = Date.parse(data.activeUntil);
      store.patchToken(id, { activeUntil: data.activeUntil });
    } catch (e) {
      if (e.name === 'AbortError' || !ctx.alive) return;
      if (isPassProblem(e)) { passEnded(); return; }
      // otherwise carry on: the dates call below tells us more
    }
  }
  if (!Number.isNaN(until)) {
    countdown(ctx, until, (left) => { text(el.pass, 'common.clock', { ms: left }); },
      () => passEnded('booking.timeRanOut'));
  }
  await loadSchedules();
}

function passEnded(key = 'booking.passEnded') {
  if (passOver) return;
  passOver = true;
  store.clearToken(concertId);
  text(el.pass, 'common.clock', { ms: 0 });
  say(key);
  el.againRow.hidden = false;
  el.dates.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  el.seats.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  updateHold();
  el.again.focus();
}

/** Shared handling for failed reads: pass problems end the pass, busy servers are retried calmly. */
function failed(e, retry) {
  if (e.name === 'AbortError' || !ctx.alive) return;
  if (isPassProblem(e)) { passEnded(); return; }
  if (isRetryable(e)) {
    const s = backoffSeconds(e.retryAfter, attempt++);
    say('booking.retrying', { reason: explain(e), s });
    ctx.later(retry, s * 1000);
    return;
  }
  say(explain(e));
}

async function loadSchedules() {
  if (passOver) return;
  el.dates.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api.schedules(concertId, token, { signal: ctx.signal });
    attempt = 0;
    schedules = Array.isArray(data) ? data : [];
    renderDates();
  } catch (e) {
    failed(e, loadSchedules);
  }
}

function renderDates() {
  el.dates.setAttribute('aria-busy', 'false');
  if (!schedules.length) {
    const p = Object.assign(document.createElement('p'), { className: 'empty' });
    text(p, 'booking.soldOut');
    el.dates.replaceChildren(p);
    return;
  }
  el.dates.replaceChildren(...schedules.map((s) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'date';
    b.dataset.scheduleId = s.scheduleId;
    b.setAttribute('data-testid', `schedule-${s.scheduleId}`);
    b.setAttribute('aria-pressed', String(String(s.scheduleId) === String(scheduleId)));
    const d = document.createElement('span');
    d.className = 'when';
    text(d, 'common.datetime', { at: s.startsAt });
    const n = document.createElement('span');
    n.className = 'free num';
    text(n, 'booking.seatsFree', { n: s.availableSeats });
    b.append(d, n);
    return b;
  }));
}

function showSeatPlaceholder(key) {
  const p = Object.assign(document.createElement('p'), { className: 'placeholder' });
  text(p, key);
  el.seats.replaceChildren(p);
  fitMap();
}

async function loadSeats() {
  if (passOver || scheduleId == null) return;
  const sid = scheduleId;
  el.seats.setAttribute('aria-busy', 'true');
  el.refresh.disabled = true;
  try {
    const { data } = await api.seats(sid, token, { signal: ctx.signal });
    if (sid !== scheduleId) return;
    attempt = 0;
    seats = (Array.isArray(data) ? data : []).slice().sort((a, b) => a.seatNumber - b.seatNumber);
    renderSeats();
  } catch (e) {
    if (e.code === 'SCHEDULE_NOT_FOUND') {
      say(explain(e));
      scheduleId = null;
      showSeatPlaceholder('booking.pickDate');
      loadSchedules();
    } else {
      failed(e, loadSeats);
    }
  } finally {
    el.seats.setAttribute('aria-busy', 'false');
    el.refresh.disabled = passOver || scheduleId == null;
  }
}

function renderSeats() {
  const focused = document.activeElement?.dataset?.seat;
  if (selected != null && seats.find((s) => s.seatNumber === selected)?.status !== 'AVAILABLE') selected = null;
  el.seats.replaceChildren(...seats.map((s) => {
    const b = document.createElement('button');
    const free = s.status === 'AVAILABLE';
    b.type = 'button';
    b.className = `seat ${String(s.status).toLowerCase()}${s.seatNumber === selected ? ' selected' : ''}`;
    b.dataset.seat = s.seatNumber;
    b.setAttribute('data-testid', `seat-${s.seatNumber}`);
    plain(b, String(s.seatNumber));
    b.disabled = !free;
    if (free) attr(b, 'aria-label', 'booking.seatFree', { seat: s.seatNumber, price: points(s.price) });
    else attr(b, 'aria-label', SEAT_LABELS[s.status] || 'booking.seatSold', { seat: s.seatNumber });
    if (free) b.setAttribute('aria-pressed', String(s.seatNumber === selected));
    return b;
  }));
  // keep the date button's count in step with the map
  const freeCount = seats.filter((s) => s.status === 'AVAILABLE').length;
  const count = el.dates.querySelector(`[data-schedule-id="${scheduleId}"] .free`);
  if (count) text(count, 'booking.seatsFree', { n: freeCount });
  if (focused) el.seats.querySelector(`[data-seat="${focused}"]:not(:disabled)`)?.focus();
  fitMap();
  updateHold();
}

function updateHold() {
  const seat = seats.find((s) => s.seatNumber === selected);
  if (seat) text(el.picked, 'booking.picked', { seat: seat.seatNumber, price: points(seat.price) });
  else text(el.picked, 'booking.noPick');
  el.hold.disabled = !seat || busy || passOver;
  if (busy) text(el.hold, 'booking.holding');
  else if (seat) text(el.hold, 'booking.holdSeat', { seat: seat.seatNumber });
  else text(el.hold, 'booking.hold');
}

async function hold() {
  if (selected == null || busy || passOver) return;
  const n = selected;
  const sid = scheduleId;
  busy = true;
  updateHold();
  say('booking.holdingSeat', { seat: n });
  try {
    const { data } = await api.hold(sid, n, token, userId, { signal: ctx.signal });
    store.clearToken(concertId); // by design the server retires the pass once a seat is held
    const schedule = schedules.find((s) => String(s.scheduleId) === String(sid));
    store.setReservation({ ...data, concertId, startsAt: schedule?.startsAt ?? null });
    go(`#/checkout/${data.reservationId}`, { replace: true });
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    if (e.code === 'SEAT_UNAVAILABLE') {
      selected = null;
      say('booking.seatTaken', { seat: n });
      busy = false;
      await loadSeats();
    } else if (isPassProblem(e)) {
      passEnded();
    } else {
      say(explain(e));
    }
  } finally {
    busy = false;
    if (ctx.alive) updateHold();
  }
}

el.dates.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-schedule-id]');
  if (!b || passOver) return;
  scheduleId = b.dataset.scheduleId;
  selected = null;
  el.dates.querySelectorAll('button[data-schedule-id]').forEach((x) => {
    x.setAttribute('aria-pressed', String(x === b));
  });
  updateHold();
  loadSeats();
});

el.seats.addEventListener('click', (ev) => {
  const b = ev.target.closest('button.seat');
  if (!b || b.disabled) return;
  selected = Number(b.dataset.seat);
  el.seats.querySelectorAll('button.seat.available').forEach((x) => {
    const on = x === b;
    x.classList.toggle('selected', on);
    x.setAttribute('aria-pressed', String(on));
  });
  updateHold();
});

el.hold.addEventListener('click', hold);
el.refresh.addEventListener('click', () => { say(null); loadSeats(); });
el.again.addEventListener('click', () => {
  requestJoin(concertId);
  go(`#/queue/${concertId}`);
});
el.leave.addEventListener('click', async () => {
  const t = token;
  passOver = true;
  store.clearToken(concertId);
  if (t) {
    try { await api.leaveQueue(t); } catch { /* it lapses by itself anyway */ }
  }
  flash('home.gaveUp');
  go('#/');
});

// ---- the map's own scrolling and zoom ----

/** Says "swipe the map" only when the map is wider than the screen. */
function fitMap() {
  el.mapHint.hidden = el.map.scrollWidth <= el.map.clientWidth + 1;
}
new ResizeObserver(fitMap).observe(el.map);

el.zoom.addEventListener('click', () => {
  const on = el.zoom.getAttribute('aria-pressed') !== 'true';
  el.zoom.setAttribute('aria-pressed', String(on));
  el.map.classList.toggle('zoomed', on);
  fitMap();
  el.seats.querySelector('.selected')?.scrollIntoView({ block: 'nearest', inline: 'center' });
});
