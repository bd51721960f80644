// Waiting room: join, poll at the server's pace, back off calmly, move on when ACTIVE.
// While a check is slow or failing, the last known place stays on screen with "Checking…"
// (also right after a refresh: the place is kept in sessionStorage). Before the sale opens
// (preQueue) it counts down to saleOpensAt; while sales are paused it says so instead of a time.
// The line follows the seats: while every seat is held by someone paying (availability ALL_HELD)
// the place stays on screen without a time and the checks go on at the server's pace; a sold-out
// concert (status SOLD_OUT, or 409 SOLD_OUT on entry) is final: it says so, stops checking and
// offers the way back to the concerts.
// Screen readers hear the rank and the wait when they change, through a polite live region,
// never for a poll that changed nothing, and for rank-only changes at most every few seconds.
import { api, explain, isRetryable } from './api.js';
import { msg, t, text, plain, title } from './i18n.js';
import { $, go, store, flash, concertName, concertInfo, backoffSeconds, countdown, venueTime } from './util.js';

const SLOW_CHECK_MS = 800;        // a check still unanswered after this shows "Checking…"
const ANNOUNCE_GAP_MS = 5000;     // the front of the line moves every second: announce at most this often
const MIN_POLL_MS = 500;
const MAX_POLL_MS = 10 * 60_000;  // only a sanity bound: the server's hint is followed as it is

const el = {
  concert: $('#w-concert'),
  line: $('#w-line'),
  pre: $('#w-pre'),
  rank: $('#w-rank'),
  checking: $('#w-checking'),
  preChecking: $('#w-pre-checking'),
  countdown: $('#w-countdown'),
  pct: $('#w-pct'),
  progress: $('#w-progress'),
  bar: $('#w-bar'),
  aheadRow: $('#w-ahead-row'),
  ahead: $('#w-ahead'),
  etaRow: $('#w-eta-row'),
  eta: $('#w-eta'),
  opensRow: $('#w-opens-row'),
  opens: $('#w-opens'),
  pass: $('#w-pass'),
  msg: $('#w-msg'),
  live: $('#w-live'),
  again: $('#w-again'),
  leave: $('#w-leave'),
  home: $('#w-home'),
  hint: $('#w-hint'),
};

let ctx = null;
let concertId = null;
let userId = null;
let attempt = 0;        // consecutive failed calls, for the back-off
let troubled = false;   // a back-off message is showing
let offline = false;    // the last failure was the network itself
let joinWanted = null;  // concert whose "enter" button was just pressed
let stopped = false;    // the person left, or the concert sold out: no more calls from this view
let shown = null;       // the WAITING position on screen
let pollTimer = null;
let nextCall = null;
let stopCountdown = null;
let countdownFor = null;
let clockSkewMs = 0;    // server time minus this device's time, from the Date header
let said = '';
let announced = '';
let announcedAt = 0;
let announceTimer = null;
let pending = null;
let venueZone = null;   // the venue's time zone, for the sale's start

/** The next waitingView for this concert POSTs a (re-)entry even if a token is stored. */
export function requestJoin(id) { joinWanted = String(id); }

/** The status line; saying the same thing again changes nothing (it is a live region). */
function say(key, args) {
  const m = key && typeof key === 'object' ? key : key == null ? null : msg(key, args);
  const signature = m ? JSON.stringify(m) : '';
  if (signature === said) return;
  said = signature;
  text(el.msg, m);
}

export async function waitingView(viewCtx, id) {
  ctx = viewCtx;
  concertId = id;
  attempt = 0;
  troubled = false;
  offline = false;
  stopped = false;
  shown = null;
  pollTimer = null;
  nextCall = null;
  stopCountdown = null;
  countdownFor = null;
  announceTimer = null;
  pending = null;
  userId = store.userId();
  resetDisplay();
  concertName(id).then((m) => { if (ctx === viewCtx) text(el.concert, m); });
  venueZone = null;
  concertInfo(id).then((c) => {
    if (ctx !== viewCtx || !c?.timeZone) return;
    venueZone = c.timeZone;
    if (countdownFor) text(el.opens, 'common.datetime', { at: venueTime(countdownFor, venueZone) });
  });

  if (!userId) {
    flash('home.enterFirst');
    go('#/', { replace: true });
    return;
  }
  const saved = store.token(id);
  const join = joinWanted === id || !saved;
  joinWanted = null;
  if (saved?.last) { // a refresh: show where we were until the server answers
    render(saved.last);
    setChecking(true);
  }
  if (join) await joinQueue();
  else await poll();
}

function resetDisplay() {
  title('title.waiting');
  showMode('line');
  plain(el.rank, '–');
  plain(el.ahead, '–');
  plain(el.eta, '–');
  plain(el.opens, '–');
  plain(el.countdown, '–');
  text(el.pass, 'waiting.passNotYet');
  setProgress(0);
  setChecking(false);
  el.again.hidden = true;
  el.leave.hidden = false;
  el.leave.disabled = false;
  el.home.hidden = true;
  el.hint.hidden = false;
  said = null;
  say(null);
  announced = '';
  announcedAt = 0;
  el.live.textContent = '';
}

function showMode(mode) {
  const pre = mode === 'pre';
  el.line.hidden = pre;
  el.pre.hidden = !pre;
  el.aheadRow.hidden = pre;
  el.etaRow.hidden = pre;
  el.opensRow.hidden = !pre;
  if (!pre) {
    stopCountdown?.();
    stopCountdown = null;
    countdownFor = null;
  }
}

function setChecking(on) {
  el.checking.dataset.on = String(on);
  el.preChecking.dataset.on = String(on);
}

function setProgress(pct) {
  const v = Math.max(0, Math.min(100, Math.round(pct)));
  el.progress.setAttribute('aria-valuenow', String(v));
  el.bar.style.width = `${v}%`;
  text(el.pct, 'common.percent', { n: v });
}

/** Runs a call; if it is slow to answer, the last known place gets "Checking…" meanwhile. */
async function checked(call) {
  const slow = ctx.later(() => setChecking(true), SLOW_CHECK_MS);
  try {
    const result = await call;
    if (result.skewMs != null) clockSkewMs = result.skewMs;
    return result;
  } finally {
    ctx.cancel(slow);
  }
}

function schedule(fn, ms) {
  ctx.cancel(pollTimer);
  nextCall = fn;
  pollTimer = ctx.later(() => { pollTimer = null; nextCall = null; fn(); }, ms);
}

async function joinQueue() {
  if (stopped) return;
  if (!troubled && !shown) say('waiting.joining');
  try {
    const { data, retryAfter } = await checked(api.joinQueue(concertId, userId, { signal: ctx.signal }));
    if (stopped) return;
    const prev = store.token(concertId);
    const samePlace = prev && prev.token === data.token;
    store.setToken(concertId, {
      token: data.token,
      userId,
      initialRank: samePlace ? Math.max(prev.initialRank || 0, data.rank || 0) : data.rank || 0,
      activeUntil: samePlace ? prev.activeUntil : null,
      last: samePlace ? prev.last : null,
    });
    recovered();
    if (data.status === 'WAITING') {
      say(data.preQueue ? 'waiting.joinedPre' : samePlace ? 'waiting.welcomeBack' : 'waiting.joined');
    }
    handle(data, retryAfter);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive || stopped) return;
    if (e.code === 'SOLD_OUT') {
      showSoldOut('waiting.soldOutEntry');
    } else if (isRetryable(e)) {
      const s = backOff(e);
      say('waiting.busyJoin', { s });
      schedule(joinQueue, s * 1000);
    } else {
      setChecking(false);
      say(explain(e));
      showAgain('common.tryAgain');
    }
  }
}

async function poll() {
  if (stopped) return;
  const saved = store.token(concertId);
  if (!saved) { showExpired('waiting.expiredNoPass'); return; }
  try {
    const { data, retryAfter } = await checked(api.queueStatus(saved.token, { signal: ctx.signal }));
    if (stopped) return;
    if (troubled) say('waiting.reconnected');
    recovered();
    handle(data, retryAfter);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive || stopped) return;
    if (e.status === 401) {
      store.clearToken(concertId);
      showExpired('waiting.expiredUnrecognised');
    } else if (e.code === 'SOLD_OUT') {
      showSoldOut('waiting.soldOut');
    } else if (isRetryable(e)) {
      const s = backOff(e);
      setChecking(true); // the last known place stays on screen
      say('waiting.busyPoll', { s });
      schedule(poll, s * 1000);
    } else {
      setChecking(false);
      say(explain(e));
      showAgain('common.queueAgain');
    }
  }
}

function backOff(e) {
  troubled = true;
  offline = e.status === 0;
  return backoffSeconds(e.retryAfter, attempt++);
}
function recovered() { attempt = 0; troubled = false; offline = false; }

// Back from a dead zone: no need to sit out the rest of a network back-off (a server's
// Retry-After is still waited out).
window.addEventListener('online', () => {
  if (ctx?.alive && offline && pollTimer && nextCall) {
    const fn = nextCall;
    ctx.cancel(pollTimer);
    pollTimer = null;
    nextCall = null;
    fn();
  }
});

function handle(data, retryAfter) {
  setChecking(false);
  if (data.status === 'ACTIVE') return showActive(data);
  if (data.status === 'EXPIRED') {
    store.clearToken(concertId);
    return showExpired('waiting.expiredIdle');
  }
  if (data.status === 'SOLD_OUT') return showSoldOut('waiting.soldOut');
  const position = {
    rank: data.rank ?? null,
    waitingAhead: data.waitingAhead ?? null,
    etaSeconds: data.etaSeconds ?? null,
    paused: data.paused === true,
    preQueue: data.preQueue === true,
    saleOpensAt: data.saleOpensAt ?? null,
    allHeld: data.availability === 'ALL_HELD', // every seat held by someone paying: nobody is let in for now
  };
  const before = shown;
  render(position);
  store.patchToken(concertId, { last: position });
  if (before?.preQueue && !position.preQueue) say('waiting.drawn');
  else if (before?.paused && !position.paused && !position.preQueue) say('waiting.resumed');
  else if (before?.allHeld && !position.allHeld && !position.paused && !position.preQueue) say('waiting.seatsBack');
  tell(before, position);

  let wait = Number(data.pollAfterMillis); // the server's hint: when asking again is worth it
  if (!Number.isFinite(wait) || wait <= 0) wait = retryAfter != null ? retryAfter * 1000 : 3000;
  schedule(poll, Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, wait)));
}

function render(p) {
  shown = p;
  if (p.preQueue) {
    renderPreQueue(p);
    return;
  }
  showMode('line');
  const rank = Number(p.rank) || 0;
  let initial = store.token(concertId)?.initialRank || 0;
  if (rank > initial) {
    initial = rank;
    store.patchToken(concertId, { initialRank: rank });
  }
  if (rank) text(el.rank, 'common.number', { n: rank });
  else plain(el.rank, '–');
  if (p.waitingAhead != null || rank) text(el.ahead, 'common.number', { n: p.waitingAhead ?? rank - 1 });
  else plain(el.ahead, '–');
  const eta = etaMessage(p);
  if (eta) text(el.eta, eta);
  else plain(el.eta, '–');
  setProgress(initial > 0 && rank ? ((initial - rank) / initial) * 100 : 0);
  if (p.paused) {
    title('title.waitingPaused');
    say('waiting.paused');
  } else if (p.allHeld) {
    title('title.waitingAllHeld');
    say('waiting.allHeld');
  } else {
    title(rank ? 'title.waitingRank' : 'title.waiting', { rank });
  }
}

function etaMessage(p) {
  if (p.paused) return msg('waiting.etaPaused');
  if (p.allHeld) return msg('waiting.etaAllHeld');
  const s = Number(p.etaSeconds);
  if (p.etaSeconds == null || !Number.isFinite(s)) return null;
  return s < 60 ? msg('waiting.etaUnderMinute') : msg('waiting.etaAbout', { s });
}

function renderPreQueue(p) {
  showMode('pre');
  setProgress(0);
  title('title.waitingPreQueue');
  const opens = Date.parse(p.saleOpensAt);
  if (Number.isNaN(opens)) {
    plain(el.opens, '–');
    plain(el.countdown, '–');
    return;
  }
  text(el.opens, 'common.datetime', { at: venueTime(p.saleOpensAt, venueZone) });
  if (countdownFor === p.saleOpensAt) return;
  stopCountdown?.();
  countdownFor = p.saleOpensAt;
  // Counted on this device's clock, corrected by the server's: a phone a minute off still opens on time.
  stopCountdown = countdown(ctx, opens - clockSkewMs, (left) => {
    if (left >= 24 * 3600_000) text(el.countdown, 'waiting.countdownLong', { s: left / 1000 });
    else text(el.countdown, 'common.clock', { ms: left });
  }, () => {
    // Open: the next poll (at the server's hint, so a million phones don't ask at the same second) brings the place.
    say('waiting.saleOpen');
    setChecking(true);
  });
}

/** Tells screen readers what changed: at once for a change of state, rank-only changes at most every few seconds. */
function tell(before, p) {
  let m;
  if (p.preQueue) m = p.saleOpensAt ? msg('waiting.announcePre', { at: venueTime(p.saleOpensAt, venueZone) }) : null;
  else if (p.rank == null) m = null;
  else if (p.paused) m = msg('waiting.announcePaused', { rank: p.rank });
  else if (p.allHeld) m = msg('waiting.announceAllHeld', { rank: p.rank });
  else m = msg('waiting.announce', { rank: p.rank, eta: etaMessage(p) ?? '–' });
  if (!m) return;
  const changedState = !before || before.paused !== p.paused || before.preQueue !== p.preQueue
    || Boolean(before.allHeld) !== p.allHeld;
  pending = m;
  const wait = changedState ? 0 : announcedAt + ANNOUNCE_GAP_MS - Date.now();
  if (wait <= 0) announce();
  else if (announceTimer == null) announceTimer = ctx.later(announce, wait);
}

function announce() {
  ctx.cancel(announceTimer); // a change of state announces at once: a rank change's timer is then moot
  announceTimer = null;
  const m = pending;
  pending = null;
  if (!m) return;
  const words = t(m.key, m.args);
  if (words === announced) return; // nothing new: the region is left alone, so nothing is read out
  announced = words;
  announcedAt = Date.now();
  el.live.textContent = words; // not bound: a language switch must not make it speak again
}

function showActive(data) {
  setChecking(false);
  showMode('line');
  shown = null;
  pending = null;
  text(el.rank, 'common.number', { n: 0 });
  text(el.ahead, 'common.number', { n: 0 });
  text(el.eta, 'waiting.etaTurn');
  setProgress(100);
  title('title.turn');
  store.patchToken(concertId, { last: null });
  const until = Date.parse(data.activeUntil);
  if (!Number.isNaN(until)) {
    store.patchToken(concertId, { activeUntil: data.activeUntil });
    countdown(ctx, until, (left) => { text(el.pass, 'waiting.passLeft', { left }); });
  } else {
    text(el.pass, 'waiting.passActive');
  }
  say('waiting.turn');
  ctx.later(() => go(`#/book/${concertId}`, { replace: true }), 1200);
}

function showExpired(key) {
  setChecking(false);
  showMode('line');
  shown = null;
  pending = null;
  plain(el.rank, '–');
  plain(el.ahead, '–');
  plain(el.eta, '–');
  text(el.pass, 'waiting.passExpired');
  setProgress(0);
  title('title.expired');
  say(key);
  el.leave.hidden = true;
  showAgain('common.queueAgain');
}

/**
 * Sold out: final. No check is made again (no timer is left), the pass is forgotten, the screen
 * readers hear it once, and the way back to the concerts takes the place of "Leave queue".
 */
function showSoldOut(key) {
  stopped = true;
  ctx.cancel(pollTimer);
  pollTimer = null;
  nextCall = null;
  setChecking(false);
  showMode('line');
  shown = null;
  store.clearToken(concertId);
  plain(el.rank, '–');
  plain(el.ahead, '–');
  text(el.eta, 'waiting.etaSoldOut');
  text(el.pass, 'waiting.passSoldOut');
  setProgress(0);
  title('title.soldOut');
  say(key);
  pending = msg('waiting.announceSoldOut');
  announce(); // also cancels a rank change's announcement still waiting for its turn
  el.leave.hidden = true;
  el.again.hidden = true;
  el.home.hidden = false;
  el.hint.hidden = true; // "it checks your place by itself" no longer holds (it is last on the page: nothing moves)
  el.home.focus();
}

function showAgain(key) {
  text(el.again, key);
  el.again.hidden = false;
  el.again.focus();
}

el.again.addEventListener('click', () => {
  requestJoin(concertId);
  go(`#/queue/${concertId}`);
});

el.leave.addEventListener('click', async () => {
  const saved = store.token(concertId);
  stopped = true;
  el.leave.disabled = true;
  store.clearToken(concertId);
  say('waiting.leaving');
  if (saved) {
    try { await api.leaveQueue(saved.token); } catch { /* gone either way: it expires when we stop polling */ }
  }
  flash('home.left');
  go('#/');
});
