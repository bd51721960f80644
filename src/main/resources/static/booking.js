// Booking: dates with free seats, the date's sections, a section's seats row by row, and the
// hold of a party of seats, chosen one by one or as "the best N" (needs an ACTIVE pass). A date
// of one section (the demo's 50-seat dates) opens that section at once.
// Seats are 44 px touch targets at least; on a phone the map scrolls sideways inside its own
// box (the page never does), and "Bigger seats" zooms it.
import { api, explain, isRetryable, isPassProblem, ApiError } from './api.js';
import { text, attr, plain, title, msg } from './i18n.js';
import {
  $, go, store, flash, concertName, concertInfo, points, countdown, backoffSeconds, uuid, venueTime, seatLabels,
} from './util.js';
import { requestJoin } from './waiting.js';

const el = {
  concert: $('#b-concert'),
  pass: $('#b-pass'),
  msg: $('#b-msg'),
  againRow: $('#b-again-row'),
  again: $('#b-again'),
  dates: $('#b-dates'),
  sections: $('#b-sections'),
  sectionNow: $('#b-section-now'),
  bestForm: $('#b-best-form'),
  count: $('#b-count'),
  best: $('#b-best'),
  bestHint: $('#b-best-hint'),
  seats: $('#b-seats'),
  map: $('#b-seatmap'),
  mapHint: $('#b-map-hint'),
  zoom: $('#b-zoom'),
  picked: $('#b-picked'),
  hold: $('#b-hold'),
  refresh: $('#b-refresh'),
  leave: $('#b-leave'),
};

const STATUS_WORDS = { AVAILABLE: 'booking.seatStatus.AVAILABLE', HELD: 'booking.seatStatus.HELD', RESERVED: 'booking.seatStatus.RESERVED' };
/** The most seats one user may take when the concert list does not say (the contract's default). */
const DEFAULT_MAX_SEATS = 4;
/** Hold attempts after the first one, with the same Idempotency-Key, when no answer came. */
const HOLD_RETRIES = 2;

let ctx = null;
let concertId = null;
let userId = null;
let token = null;
let timeZone = null;
let maxSeats = DEFAULT_MAX_SEATS;
let seatsLeft = null;     // from a SEAT_LIMIT_REACHED answer: how many this user may still take on the date
let schedules = [];
let scheduleId = null;
let sections = [];
let sectionId = null;
let seats = [];
let selected = new Set(); // seatIds
let busy = false;
let passOver = false;
let attempt = 0;
let lastHold = null;      // {body, key} of the last hold that got no answer: a retry reuses its key

const say = (key, args) => text(el.msg, key, args);
const same = (a, b) => a != null && b != null && String(a) === String(b);

export async function bookingView(viewCtx, id) {
  ctx = viewCtx;
  concertId = id;
  userId = store.userId();
  timeZone = null;
  maxSeats = DEFAULT_MAX_SEATS;
  seatsLeft = null;
  schedules = [];
  scheduleId = null;
  sections = [];
  sectionId = null;
  seats = [];
  selected = new Set();
  busy = false;
  passOver = false;
  attempt = 0;
  lastHold = null;
  title('title.booking');
  plain(el.pass, '–');
  el.againRow.hidden = true;
  el.dates.replaceChildren();
  el.dates.setAttribute('aria-busy', 'true');
  showSectionPlaceholder('booking.pickDateFirst');
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

  const concert = concertInfo(id).then((c) => {
    if (ctx !== viewCtx || !c) return;
    timeZone = c.timeZone || null;
    if (Number.isInteger(c.maxSeatsPerUser) && c.maxSeatsPerUser > 0) maxSeats = c.maxSeatsPerUser;
    updateBest();
    updateHold();
  });

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
  await concert; // the dates are shown in the venue's zone
  await loadSchedules();
}

function passEnded(key = 'booking.passEnded') {
  if (passOver) return;
  passOver = true;
  store.clearToken(concertId);
  text(el.pass, 'common.clock', { ms: 0 });
  say(key);
  el.againRow.hidden = false;
  document.querySelectorAll('[data-view="booking"] :is(.dates, .sections, .seats, .best) :is(button, select)')
    .forEach((b) => { b.disabled = true; });
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

/** The date is gone (not found, or begun): back to the list of dates. */
function dateGone(e) {
  say(explain(e));
  scheduleId = null;
  sectionId = null;
  sections = [];
  seats = [];
  selected.clear();
  showSectionPlaceholder('booking.pickDateFirst');
  showSeatPlaceholder('booking.pickDate');
  updateBest();
  updateHold();
  loadSchedules();
}

// ---- dates ----

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
    b.setAttribute('aria-pressed', String(same(s.scheduleId, scheduleId)));
    const d = document.createElement('span');
    d.className = 'when';
    text(d, 'common.datetime', { at: venueTime(s.startsAt, timeZone) });
    const n = document.createElement('span');
    n.className = 'free num';
    text(n, 'booking.seatsFree', { n: s.availableSeats });
    b.append(d, n);
    return b;
  }));
}

function chooseDate(id) {
  scheduleId = id;
  sectionId = null;
  sections = [];
  seats = [];
  selected.clear();
  seatsLeft = null;
  lastHold = null;
  el.dates.querySelectorAll('button[data-schedule-id]').forEach((x) => {
    x.setAttribute('aria-pressed', String(same(x.dataset.scheduleId, id)));
  });
  showSeatPlaceholder('booking.pickSection');
  updateBest();
  updateHold();
  loadSections();
}

// ---- sections ----

function showSectionPlaceholder(key) {
  const p = Object.assign(document.createElement('p'), { className: 'placeholder' });
  text(p, key);
  el.sections.replaceChildren(p);
  el.sections.removeAttribute('aria-busy');
}

async function loadSections() {
  if (passOver || scheduleId == null) return;
  const sid = scheduleId;
  el.sections.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api.sections(sid, token, { signal: ctx.signal });
    if (!same(sid, scheduleId)) return;
    attempt = 0;
    sections = Array.isArray(data) ? data : [];
    renderSections();
    if (sectionId == null && sections.length === 1) chooseSection(sections[0].sectionId);
    else if (sectionId == null && !sections.length) showSeatPlaceholder('booking.noSections');
  } catch (e) {
    if (e.code === 'SCHEDULE_NOT_FOUND') dateGone(e);
    else failed(e, loadSections);
  } finally {
    if (same(sid, scheduleId)) el.sections.setAttribute('aria-busy', 'false');
  }
}

function renderSections() {
  if (!sections.length) {
    showSectionPlaceholder('booking.noSections');
    return;
  }
  el.sections.replaceChildren(...sections.map((s) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'section';
    b.dataset.sectionId = s.sectionId;
    b.setAttribute('data-testid', `section-${s.sectionId}`);
    b.setAttribute('aria-pressed', String(same(s.sectionId, sectionId)));
    b.disabled = passOver;
    const name = document.createElement('span');
    name.className = 'name';
    plain(name, s.name);
    const grade = document.createElement('span');
    grade.className = 'grade';
    plain(grade, s.grade);
    const price = document.createElement('span');
    price.className = 'price num';
    text(price, points(s.price));
    const free = document.createElement('span');
    free.className = 'free num';
    free.setAttribute('data-testid', `section-${s.sectionId}-free`);
    text(free, 'booking.sectionFree', { n: s.available, total: s.total });
    b.append(name, grade, price, free);
    return b;
  }));
}

function chooseSection(id) {
  sectionId = id;
  seats = [];
  selected.clear();
  lastHold = null;
  el.sections.querySelectorAll('button[data-section-id]').forEach((x) => {
    x.setAttribute('aria-pressed', String(same(x.dataset.sectionId, id)));
  });
  const s = currentSection();
  if (s) text(el.sectionNow, 'booking.sectionNow', { name: s.name, grade: s.grade, price: points(s.price) });
  showSeatPlaceholder('booking.loadingSeats');
  updateBest();
  updateHold();
  loadSeats();
}

const currentSection = () => sections.find((s) => same(s.sectionId, sectionId)) ?? null;

// ---- seats ----

function showSeatPlaceholder(key) {
  const p = Object.assign(document.createElement('p'), { className: 'placeholder' });
  text(p, key);
  el.seats.replaceChildren(p);
  if (key !== 'booking.loadingSeats') text(el.sectionNow, null);
  fitMap();
}

async function loadSeats() {
  if (passOver || scheduleId == null || sectionId == null) return;
  const sid = scheduleId;
  const sec = sectionId;
  el.seats.setAttribute('aria-busy', 'true');
  el.refresh.disabled = true;
  try {
    const { data } = await api.sectionSeats(sid, sec, token, { signal: ctx.signal });
    if (!same(sid, scheduleId) || !same(sec, sectionId)) return;
    attempt = 0;
    seats = (Array.isArray(data) ? data : []).slice()
      .sort((a, b) => a.row - b.row || a.number - b.number);
    renderSeats();
  } catch (e) {
    if (e.code === 'SCHEDULE_NOT_FOUND') {
      dateGone(e);
    } else if (e.code === 'SECTION_NOT_FOUND') {
      say(explain(e));
      sectionId = null;
      showSeatPlaceholder('booking.pickSection');
      loadSections();
    } else {
      failed(e, loadSeats);
    }
  } finally {
    el.seats.setAttribute('aria-busy', 'false');
    el.refresh.disabled = passOver || sectionId == null;
  }
}

function seatButton(s) {
  const b = document.createElement('button');
  const free = s.status === 'AVAILABLE';
  const on = selected.has(s.seatId);
  b.type = 'button';
  b.className = `seat ${String(s.status).toLowerCase()}${on ? ' selected' : ''}`;
  b.dataset.seatId = s.seatId;
  b.dataset.label = s.label;
  b.setAttribute('data-testid', `seat-${s.seatId}`);
  plain(b, String(s.number));
  b.disabled = !free || passOver;
  b.tabIndex = -1; // renderSeats() gives the map its one tab stop
  b.setAttribute('aria-pressed', String(on));
  attr(b, 'aria-label', 'booking.seatName', {
    label: s.label, price: points(s.price), status: { key: on ? 'booking.seatStatus.PICKED' : STATUS_WORDS[s.status] || STATUS_WORDS.RESERVED },
  });
  return b;
}

function renderSeats() {
  const focused = document.activeElement?.dataset?.seatId;
  for (const id of [...selected]) {
    if (seats.find((s) => s.seatId === id)?.status !== 'AVAILABLE') selected.delete(id);
  }
  if (!seats.length) {
    showSeatPlaceholder('booking.noSeats');
    updateHold();
    return;
  }
  const rows = new Map();
  for (const s of seats) {
    if (!rows.has(s.row)) rows.set(s.row, []);
    rows.get(s.row).push(s);
  }
  el.seats.replaceChildren(...[...rows].map(([row, list]) => {
    const line = document.createElement('div');
    line.className = 'seat-row';
    line.setAttribute('role', 'group');
    attr(line, 'aria-label', 'booking.row', { row });
    const name = document.createElement('span');
    name.className = 'row-name num';
    name.setAttribute('aria-hidden', 'true');
    plain(name, String(row));
    line.append(name, ...list.map(seatButton));
    return line;
  }));
  // keep the section's and the date's counts in step with the map
  const freeCount = seats.filter((s) => s.status === 'AVAILABLE').length;
  const section = currentSection();
  if (section) {
    section.available = freeCount;
    const count = el.sections.querySelector(`[data-section-id="${sectionId}"] .free`);
    if (count) text(count, 'booking.sectionFree', { n: freeCount, total: section.total });
    if (sections.length === 1) {
      const date = el.dates.querySelector(`[data-schedule-id="${scheduleId}"] .free`);
      if (date) text(date, 'booking.seatsFree', { n: freeCount });
    }
  }
  const again = focused && el.seats.querySelector(`[data-seat-id="${focused}"]:not(:disabled)`);
  rove(again || el.seats.querySelector('.seat.selected') || el.seats.querySelector('.seat:not(:disabled)'));
  again?.focus();
  fitMap();
  updateBest();
  updateHold();
}

// ---- moving about the map from a keyboard: one tab stop, arrow keys between seats ----

/** Makes `seat` the map's one tab stop (a section may have thousands of seats). */
function rove(seat) {
  if (!seat) return;
  el.seats.querySelectorAll('.seat[tabindex="0"]').forEach((b) => { b.tabIndex = -1; });
  seat.tabIndex = 0;
}

/** The free seat a key leads to from `seat`, or null: along its row, or to the nearest of the next row that has one. */
function seatFrom(seat, key) {
  const row = seat.parentElement;
  const inRow = (r) => [...r.querySelectorAll('.seat:not(:disabled)')];
  const here = inRow(row);
  const i = here.indexOf(seat);
  if (key === 'ArrowLeft') return here[i - 1] ?? null;
  if (key === 'ArrowRight') return here[i + 1] ?? null;
  if (key === 'Home') return here[0] ?? null;
  if (key === 'End') return here[here.length - 1] ?? null;
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
  const x = seat.getBoundingClientRect().left;
  for (let r = key === 'ArrowUp' ? row.previousElementSibling : row.nextElementSibling; r;
    r = key === 'ArrowUp' ? r.previousElementSibling : r.nextElementSibling) {
    const free = inRow(r);
    if (free.length) {
      return free.reduce((best, b) => (Math.abs(b.getBoundingClientRect().left - x)
        < Math.abs(best.getBoundingClientRect().left - x) ? b : best));
    }
  }
  return null;
}

/** How many more seats this user may pick now: the concert's limit, or less once the server said so. */
const pickLimit = () => Math.max(0, seatsLeft ?? maxSeats);

function toggleSeat(b) {
  const id = Number(b.dataset.seatId);
  if (selected.has(id)) {
    selected.delete(id);
  } else if (selected.size >= pickLimit()) {
    say(pickLimit() ? 'booking.pickLimit' : 'booking.noSeatsLeft', { n: pickLimit() });
    return;
  } else {
    selected.add(id);
  }
  if (el.msg.dataset.i18n === 'booking.pickLimit') say(null);
  const seat = seats.find((s) => s.seatId === id);
  if (seat) b.replaceWith(seatButton(seat));
  const now = el.seats.querySelector(`[data-seat-id="${id}"]`);
  rove(now);
  now?.focus();
  updateHold();
}

function pickedSeats() {
  return seats.filter((s) => selected.has(s.seatId));
}

function updateHold() {
  const picked = pickedSeats();
  const total = picked.reduce((sum, s) => sum + Number(s.price || 0), 0);
  if (picked.length) text(el.picked, 'booking.picked', { n: picked.length, labels: seatLabels(picked), price: points(total) });
  else text(el.picked, 'booking.noPick', { n: pickLimit() });
  el.hold.disabled = !picked.length || picked.length > pickLimit() || busy || passOver;
  if (busy) text(el.hold, 'booking.holding');
  else if (picked.length) text(el.hold, 'booking.holdSeats', { n: picked.length });
  else text(el.hold, 'booking.hold');
}

// ---- best available ----

function updateBest() {
  const section = currentSection();
  el.bestForm.hidden = !section;
  if (!section) return;
  const most = Math.max(1, Math.min(pickLimit() || 1, maxSeats));
  const was = Number(el.count.value) || Math.min(2, most);
  if (el.count.options.length !== most) {
    el.count.replaceChildren(...Array.from({ length: most }, (_, i) => {
      const o = document.createElement('option');
      o.value = String(i + 1);
      text(o, 'common.number', { n: i + 1 });
      return o;
    }));
  }
  el.count.value = String(Math.min(was, most));
  text(el.best, 'booking.bestButton', { n: Number(el.count.value) });
  text(el.bestHint, 'booking.bestHint', { name: section.name, n: maxSeats });
  el.count.disabled = passOver || busy;
  el.best.disabled = passOver || busy || pickLimit() === 0;
}

// ---- holding ----

/**
 * Holds what `what` names ({seatIds} or {sectionId, count}). A new Idempotency-Key per attempt;
 * when no answer came (network, a server hiccup), the same key again: the server then answers
 * with the reservation it made, if it made one, rather than a second one.
 */
async function hold(what, describe) {
  if (busy || passOver || scheduleId == null) return;
  const sid = scheduleId;
  const body = JSON.stringify({ sid, ...what });
  const key = lastHold?.body === body ? lastHold.key : uuid();
  lastHold = { body, key };
  busy = true;
  updateHold();
  updateBest();
  say(describe);
  try {
    let data = null;
    for (let tries = 0; ; tries++) {
      try {
        ({ data } = await api.hold(sid, what, token, userId, key, { signal: ctx.signal }));
        break;
      } catch (e) {
        if (!noAnswer(e) || tries >= HOLD_RETRIES || !ctx.alive) throw e;
        const s = backoffSeconds(e.retryAfter, tries);
        say('booking.holdRetrying', { s });
        await new Promise((resolve) => { ctx.later(resolve, s * 1000); });
        if (!ctx.alive) return;
      }
    }
    lastHold = null;
    store.clearToken(concertId); // by design the server retires the pass once seats are held
    const schedule = schedules.find((s) => same(s.scheduleId, sid));
    store.setReservation({ ...data, concertId: Number(concertId), startsAt: schedule?.startsAt ?? null, timeZone });
    go(`#/checkout/${data.reservationId}`, { replace: true });
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    if (!noAnswer(e)) lastHold = null; // a refusal is an answer: the next try is a new request
    busy = false;
    refused(e);
  } finally {
    busy = false;
    if (ctx.alive) { updateHold(); updateBest(); }
  }
}

/** No answer about the hold itself: the same request may be sent again with the same key. */
const noAnswer = (e) => e instanceof ApiError && (e.status === 0 || (e.status >= 500 && e.status !== 501));

function refused(e) {
  switch (e.code) {
    case 'SEAT_UNAVAILABLE': {
      const taken = Array.isArray(e.problem?.seatIds) ? e.problem.seatIds.map(Number) : [...selected];
      const labels = seats.filter((s) => taken.includes(s.seatId)).map((s) => s.label);
      for (const s of seats) if (taken.includes(s.seatId)) s.status = 'HELD';
      taken.forEach((id) => selected.delete(id));
      renderSeats();
      if (labels.length) say('booking.seatsTaken', { n: labels.length, labels: labels.join(', ') });
      else say(explain(e));
      loadSeats(); // the rest of the map may have moved too
      return;
    }
    case 'NOT_ENOUGH_SEATS':
      say('booking.notEnough', { reason: explain(e) });
      loadSeats();
      loadSections();
      return;
    case 'SEAT_LIMIT_REACHED': {
      const left = Number(e.problem?.seatsLeft);
      if (Number.isInteger(left) && left >= 0) {
        seatsLeft = left; // the picks stay: the buyer chooses which to let go
        updateBest();
        updateHold();
      }
      if (seatsLeft) say('booking.seatsLeft', { n: seatsLeft });
      else say(explain(e));
      return;
    }
    case 'TOO_MANY_SEATS':
      say('booking.tooMany', { reason: explain(e), n: maxSeats });
      return;
    case 'SCHEDULE_STARTED':
    case 'SCHEDULE_NOT_FOUND':
      dateGone(e);
      return;
    case 'SECTION_NOT_FOUND':
    case 'SEAT_NOT_FOUND':
      say(explain(e));
      loadSections();
      loadSeats();
      return;
    default:
      if (isPassProblem(e)) passEnded();
      else say(explain(e));
  }
}

function holdPicked() {
  const picked = pickedSeats();
  if (!picked.length) return;
  hold({ seatIds: picked.map((s) => s.seatId) }, msg('booking.holdingSeats', { n: picked.length, labels: seatLabels(picked) }));
}

function holdBest(ev) {
  ev.preventDefault();
  const section = currentSection();
  const count = Number(el.count.value);
  if (!section || !(count >= 1)) return;
  hold({ sectionId: section.sectionId, count }, msg('booking.holdingBest', { n: count, name: section.name }));
}

// ---- events ----

el.dates.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-schedule-id]');
  if (!b || passOver || busy) return;
  say(null);
  chooseDate(b.dataset.scheduleId);
});

el.sections.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-section-id]');
  if (!b || passOver || busy) return;
  say(null);
  chooseSection(Number(b.dataset.sectionId));
});

el.seats.addEventListener('click', (ev) => {
  const b = ev.target.closest('button.seat');
  if (!b || b.disabled || busy) return;
  toggleSeat(b);
});

el.seats.addEventListener('keydown', (ev) => {
  const b = ev.target.closest('button.seat');
  if (!b || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const next = seatFrom(b, ev.key);
  if (!next) return;
  ev.preventDefault();
  rove(next);
  next.focus();
  next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
});

el.count.addEventListener('change', () => text(el.best, 'booking.bestButton', { n: Number(el.count.value) }));
el.bestForm.addEventListener('submit', holdBest);
el.hold.addEventListener('click', holdPicked);
el.refresh.addEventListener('click', () => { say(null); loadSections(); loadSeats(); });
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
