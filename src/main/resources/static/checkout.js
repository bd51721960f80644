// Checkout: the held seat, point balance and charge, and payment.
import { api, explain, ApiError } from './api.js';
import { $, go, store, flash, concertName, clock, when, points, countdown, uuid } from './util.js';
import { requestJoin } from './waiting.js';

const el = {
  concert: $('#c-concert'),
  date: $('#c-date'),
  seat: $('#c-seat'),
  price: $('#c-price'),
  status: $('#c-status'),
  hold: $('#c-hold'),
  balance: $('#c-balance'),
  form: $('#c-charge-form'),
  amount: $('#c-amount'),
  charge: $('#c-charge'),
  msg: $('#c-msg'),
  pay: $('#c-pay'),
  again: $('#c-again'),
};

const FINAL = new Set(['PAID', 'EXPIRED']);

let ctx = null;
let userId = null;
let res = null;         // the reservation as we know it
let balance = null;
let holdTimerFor = null; // holdExpiresAt the running countdown is for
let stopHoldTimer = null;
let payBusy = false;
let chargeBusy = false;

const say = (text) => { el.msg.textContent = text; };

export async function checkoutView(viewCtx, id) {
  ctx = viewCtx;
  userId = store.userId();
  res = store.reservation(id) || { reservationId: Number(id) };
  balance = null;
  holdTimerFor = null;
  stopHoldTimer = null;
  payBusy = false;
  chargeBusy = false;
  el.pay.disabled = false;
  el.charge.disabled = false;
  el.balance.textContent = '–';
  el.amount.value = '';
  el.amount.removeAttribute('aria-invalid');
  say('');
  if (!userId) {
    flash('Please enter your user id first.');
    go('#/', { replace: true });
    return;
  }
  render();
  if (res.status === 'HELD') say('Your seat is on hold. Pay before the timer runs out to keep it.');
  await Promise.all([loadBalance(), refresh()]);
}

/** HELD past its hold time is EXPIRED, even if the server's sweeper hasn't caught up yet. */
function status() {
  if (res.status === 'HELD' && Date.parse(res.holdExpiresAt) <= Date.now()) return 'EXPIRED';
  return res.status || '';
}

function render() {
  const viewCtx = ctx;
  if (res.concertId != null) {
    concertName(res.concertId).then((n) => { if (ctx === viewCtx) el.concert.textContent = n; });
  } else {
    el.concert.textContent = '–';
  }
  el.date.textContent = res.startsAt ? when(res.startsAt) : '–';
  el.seat.textContent = res.seatNumber ?? '–';
  el.price.textContent = points(res.price);
  const st = status();
  el.status.textContent = st;
  el.status.dataset.status = st;
  el.again.hidden = st !== 'EXPIRED';
  const payable = st !== 'PAID' && st !== 'EXPIRED'; // still clickable: the server has the last word
  el.pay.classList.toggle('primary', payable);
  el.pay.classList.toggle('secondary', !payable);
  el.again.classList.toggle('primary', st === 'EXPIRED');
  document.title = `${st ? `${st} · ` : ''}Checkout · Concert tickets`;

  const until = Date.parse(res.holdExpiresAt);
  if (st === 'HELD' && !Number.isNaN(until)) {
    if (holdTimerFor !== res.holdExpiresAt) {
      stopHoldTimer?.();
      holdTimerFor = res.holdExpiresAt;
      stopHoldTimer = countdown(ctx, until, (left) => { el.hold.textContent = clock(left); }, holdRanOut);
    }
  } else {
    stopHoldTimer?.();
    stopHoldTimer = null;
    holdTimerFor = null;
    el.hold.textContent = st === 'EXPIRED' ? '0:00' : '–';
  }
}

function holdRanOut() {
  holdTimerFor = null;
  render();
  say('Your hold ran out, so the seat was released and nothing was charged. To book again, join the queue.');
  ctx.later(refresh, 2000);
}

function merge(data) {
  const next = { ...data };
  if (next.status === 'HELD' && FINAL.has(res.status)) next.status = res.status; // final states never go back
  res = { ...res, ...next };
  store.setReservation(res);
  render();
}

async function refresh() {
  try {
    const { data } = await api.reservation(res.reservationId, userId, { signal: ctx.signal });
    if (data && typeof data === 'object') merge(data);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    if (e.status === 404 || e.status === 403 || e.status === 400) say(explain(e));
    // network trouble: keep what we know; the next action will tell
  }
}

function setBalance(value) {
  balance = Number(value);
  el.balance.textContent = String(value);
  const short = Number(res.price) - balance;
  el.amount.placeholder = status() === 'HELD' && short > 0 ? `e.g. ${short}` : 'e.g. 50000';
}

async function loadBalance() {
  try {
    const { data } = await api.points(userId, { signal: ctx.signal });
    setBalance(data.balance);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    say(`We couldn't load your points. ${explain(e)}`);
  }
}

async function charge(ev) {
  ev.preventDefault();
  if (chargeBusy) return;
  const raw = el.amount.value.trim();
  const amount = Number(raw);
  if (!/^[+-]?[0-9]+$/.test(raw) || !Number.isSafeInteger(amount)) {
    el.amount.setAttribute('aria-invalid', 'true');
    say('Invalid amount: enter a whole number of points, like 50000.');
    el.amount.focus();
    return;
  }
  chargeBusy = true;
  el.charge.disabled = true;
  say('Adding points…');
  try {
    const { data } = await api.charge(amount, userId, uuid(), { signal: ctx.signal });
    setBalance(data.balance);
    el.amount.value = '';
    el.amount.removeAttribute('aria-invalid');
    say(`Added ${points(amount)}. Your balance is now ${points(data.balance)}.`);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    if (e.code === 'INVALID_AMOUNT' || e.code === 'INVALID_REQUEST') el.amount.setAttribute('aria-invalid', 'true');
    say(explain(e.code === 'INVALID_REQUEST' ? new ApiError(400, { code: 'INVALID_AMOUNT' }) : e));
  } finally {
    chargeBusy = false;
    el.charge.disabled = false;
  }
}

async function pay() {
  if (payBusy) return;
  payBusy = true;
  el.pay.disabled = true;
  say('Paying…');
  try {
    const { data } = await api.pay(res.reservationId, userId, uuid(), { signal: ctx.signal });
    merge({ status: data.status || 'PAID' });
    setBalance(data.balance);
    say(`Paid! Seat ${res.seatNumber ?? ''} is yours. ${points(data.amount)} used, ${points(data.balance)} left.`);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    if (e.code === 'INSUFFICIENT_BALANCE') {
      const short = Number(res.price) - Number(balance);
      say(balance != null && short > 0
        ? `Not enough points: this seat costs ${points(res.price)} and you have ${points(balance)}. Add at least ${points(short)}, then pay again.`
        : explain(e));
      loadBalance();
    } else if (e.code === 'HOLD_EXPIRED') {
      merge({ status: 'EXPIRED' });
      say(`${explain(e)} To book again, join the queue.`);
    } else if (e.code === 'ALREADY_PAID') {
      merge({ status: 'PAID' });
      say(explain(e));
    } else {
      say(explain(e));
    }
    refresh();
  } finally {
    payBusy = false;
    el.pay.disabled = false;
  }
}

el.form.addEventListener('submit', charge);
el.amount.addEventListener('input', () => el.amount.removeAttribute('aria-invalid'));
el.pay.addEventListener('click', pay);
el.again.addEventListener('click', () => {
  if (res?.concertId == null) { go('#/'); return; }
  requestJoin(res.concertId);
  go(`#/queue/${res.concertId}`);
});
