// Waiting room: join, poll at the server's pace, back off calmly, move on when ACTIVE.
import { api, explain, isRetryable } from './api.js';
import { $, go, store, flash, concertName, etaWords, clock, backoffSeconds, countdown } from './util.js';

const el = {
  concert: $('#w-concert'),
  rank: $('#w-rank'),
  pct: $('#w-pct'),
  progress: $('#w-progress'),
  ahead: $('#w-ahead'),
  eta: $('#w-eta'),
  pass: $('#w-pass'),
  msg: $('#w-msg'),
  again: $('#w-again'),
  leave: $('#w-leave'),
};

let ctx = null;
let concertId = null;
let userId = null;
let attempt = 0;       // consecutive failed calls, for the back-off
let troubled = false;  // a back-off message is showing
let joinWanted = null; // concert whose "enter" button was just pressed
let stopped = false;   // the person left: no more calls from this view

/** The next waitingView for this concert POSTs a (re-)entry even if a token is stored. */
export function requestJoin(id) { joinWanted = String(id); }

const say = (text) => { el.msg.textContent = text; };

export async function waitingView(viewCtx, id) {
  ctx = viewCtx;
  concertId = id;
  attempt = 0;
  troubled = false;
  stopped = false;
  userId = store.userId();
  resetDisplay();
  concertName(id).then((name) => { if (ctx === viewCtx) el.concert.textContent = name; });

  if (!userId) {
    flash('Please enter your user id, then enter the waiting room.');
    go('#/', { replace: true });
    return;
  }
  const saved = store.token(id);
  const join = joinWanted === id || !saved;
  joinWanted = null;
  if (join) await joinQueue();
  else await poll();
}

function resetDisplay() {
  document.title = 'Waiting room · Concert tickets';
  el.rank.textContent = '–';
  el.ahead.textContent = '–';
  el.eta.textContent = '–';
  el.pass.textContent = 'not yet';
  setProgress(0);
  el.again.hidden = true;
  el.leave.hidden = false;
  el.leave.disabled = false;
  say('');
}

function setProgress(pct) {
  const v = Math.max(0, Math.min(100, Math.round(pct)));
  el.progress.value = v;
  el.progress.textContent = `${v}%`;
  el.pct.textContent = `${v}%`;
}

async function joinQueue() {
  if (stopped) return;
  if (!troubled) say('Joining the queue…');
  try {
    const { data, retryAfter } = await api.joinQueue(concertId, userId, { signal: ctx.signal });
    if (stopped) return;
    const prev = store.token(concertId);
    const samePlace = prev && prev.token === data.token;
    store.setToken(concertId, {
      token: data.token,
      userId,
      initialRank: samePlace ? Math.max(prev.initialRank || 0, data.rank || 0) : data.rank || 0,
      activeUntil: samePlace ? prev.activeUntil : null,
    });
    recovered();
    if (data.status === 'WAITING') say(samePlace ? 'Welcome back: you still have your place in line.' : "You're in line. We'll move you on by ourselves when it's your turn.");
    handle(data, retryAfter);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive || stopped) return;
    if (isRetryable(e)) {
      const s = backOff(e);
      say(`The waiting room is very busy right now, so we couldn't let you in yet. We'll try again by ourselves in ${s} seconds; there is no need to refresh.`);
      ctx.later(joinQueue, s * 1000);
    } else {
      say(explain(e));
      showAgain('Try again');
    }
  }
}

async function poll() {
  if (stopped) return;
  const saved = store.token(concertId);
  if (!saved) { showExpired('this page no longer holds a queue pass for you.'); return; }
  try {
    const { data, retryAfter } = await api.queueStatus(saved.token, { signal: ctx.signal });
    if (stopped) return;
    if (troubled) say('Connected again. You still have your place.');
    recovered();
    handle(data, retryAfter);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive || stopped) return;
    if (e.status === 401) {
      store.clearToken(concertId);
      showExpired("your queue pass wasn't recognised (for example after the service was restarted with new keys).");
    } else if (isRetryable(e)) {
      const s = backOff(e);
      say(`The line is very busy right now. Your place is safe; we'll check again in ${s} seconds.`);
      ctx.later(poll, s * 1000);
    } else {
      say(explain(e));
      showAgain('Queue again');
    }
  }
}

function backOff(e) {
  troubled = true;
  return backoffSeconds(e.retryAfter, attempt++);
}
function recovered() { attempt = 0; troubled = false; }

function handle(data, retryAfter) {
  if (data.status === 'ACTIVE') return showActive(data);
  if (data.status === 'EXPIRED') {
    store.clearToken(concertId);
    return showExpired('you stopped checking in for a while (the page was closed, or the phone went to sleep), or your booking pass ran out, or you already used it to hold a seat.');
  }
  // WAITING
  const rank = Number(data.rank) || 0;
  const saved = store.token(concertId);
  let initial = saved?.initialRank || 0;
  if (rank > initial) {
    initial = rank;
    store.patchToken(concertId, { initialRank: rank });
  }
  el.rank.textContent = String(rank);
  el.ahead.textContent = String(data.waitingAhead ?? Math.max(0, rank - 1));
  el.eta.textContent = etaWords(data.etaSeconds);
  setProgress(initial > 0 ? ((initial - rank) / initial) * 100 : 0);
  document.title = `#${rank} in line · Waiting room`;

  let wait = Number(data.pollAfterMillis);
  if (!Number.isFinite(wait) || wait <= 0) wait = retryAfter != null ? retryAfter * 1000 : 3000;
  ctx.later(poll, Math.min(60000, Math.max(500, wait)));
}

function showActive(data) {
  el.rank.textContent = '0';
  el.ahead.textContent = '0';
  el.eta.textContent = "it's your turn";
  setProgress(100);
  document.title = "It's your turn · Waiting room";
  const until = Date.parse(data.activeUntil);
  if (!Number.isNaN(until)) {
    store.patchToken(concertId, { activeUntil: data.activeUntil });
    countdown(ctx, until, (left) => { el.pass.textContent = `${clock(left)} left`; });
  } else {
    el.pass.textContent = 'active';
  }
  say("It's your turn! Taking you to the seats…");
  ctx.later(() => go(`#/book/${concertId}`, { replace: true }), 1200);
}

function showExpired(reason) {
  el.rank.textContent = '–';
  el.ahead.textContent = '–';
  el.eta.textContent = '–';
  el.pass.textContent = 'expired';
  setProgress(0);
  document.title = 'Place expired · Waiting room';
  say(`Your place expired because ${reason} Joining again puts you at the end of the line.`);
  el.leave.hidden = true;
  showAgain('Queue again');
}

function showAgain(label) {
  el.again.textContent = label;
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
  say('Leaving the queue…');
  if (saved) {
    try { await api.leaveQueue(saved.token); } catch { /* gone either way: it expires when we stop polling */ }
  }
  flash('You left the queue.');
  go('#/');
});
