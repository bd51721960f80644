// Checkout: the held seats, point balance and charge, and payment of the whole reservation.
import { api, explain, ApiError } from './api.js';
import { text, attr, plain, title } from './i18n.js';
import {
  $, go, store, flash, concertName, concertInfo, points, countdown, uuid, venueTime, seatLabels,
} from './util.js';
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

const say = (key, args) => text(el.msg, key, args);

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
  plain(el.balance, '–');
  delete el.balance.dataset.value;
  el.amount.value = '';
  el.amount.removeAttribute('aria-invalid');
  say(null);
  if (!userId) {
    flash('home.userIdFirst');
    go('#/', { replace: true });
    return;
  }
  render();
  if (res.status === 'HELD') say('checkout.onHold');
  await Promise.all([loadBalance(), refresh(), venueZone()]);
}

/** HELD past its hold time is EXPIRED, even if the server's sweeper hasn't caught up yet. */
function status() {
  if (res.status === 'HELD' && Date.parse(res.holdExpiresAt) <= Date.now()) return 'EXPIRED';
  return res.status || '';
}

function render() {
  const viewCtx = ctx;
  if (res.concertId != null) {
    concertName(res.concertId).then((m) => { if (ctx === viewCtx) text(el.concert, m); });
  } else {
    plain(el.concert, '–');
  }
  if (res.startsAt) text(el.date, 'common.datetime', { at: venueTime(res.startsAt, res.timeZone) });
  else plain(el.date, '–');
  const labels = seatNames();
  if (labels) plain(el.seat, labels);
  else plain(el.seat, '–');
  if (res.price != null) text(el.price, points(res.price));
  else plain(el.price, '–');
  const st = status();
  if (st) text(el.status, `checkout.statusName.${st}`);
  else plain(el.status, '');
  el.status.dataset.status = st;
  el.again.hidden = st !== 'EXPIRED';
  const payable = st !== 'PAID' && st !== 'EXPIRED'; // still clickable: the server has the last word
  el.pay.classList.toggle('primary', payable);
  el.pay.classList.toggle('secondary', !payable);
  el.again.classList.toggle('primary', st === 'EXPIRED');
  if (st) title('title.checkoutStatus', { status: { key: `checkout.statusName.${st}` } });
  else title('title.checkout');

  const until = Date.parse(res.holdExpiresAt);
  if (st === 'HELD' && !Number.isNaN(until)) {
    if (holdTimerFor !== res.holdExpiresAt) {
      stopHoldTimer?.();
      holdTimerFor = res.holdExpiresAt;
      stopHoldTimer = countdown(ctx, until, (left) => { text(el.hold, 'common.clock', { ms: left }); }, holdRanOut);
    }
  } else {
    stopHoldTimer?.();
    stopHoldTimer = null;
    holdTimerFor = null;
    if (st === 'EXPIRED') text(el.hold, 'common.clock', { ms: 0 });
    else plain(el.hold, '–');
  }
}

/** The seats' labels, or the one seat's number of a reservation from before sections. */
function seatNames() {
  const labels = seatLabels(res.seats);
  if (labels) return labels;
  return res.seatNumber != null ? String(res.seatNumber) : '';
}

function holdRanOut() {
  holdTimerFor = null;
  render();
  say('checkout.holdRanOut');
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

/** The venue's time zone, for the date (the reservation names its concert, the concert list its zone). */
async function venueZone() {
  if (res.concertId == null || res.timeZone) return;
  const viewCtx = ctx;
  const c = await concertInfo(res.concertId);
  if (ctx !== viewCtx || !c?.timeZone) return;
  res = { ...res, timeZone: c.timeZone };
  render();
}

function setBalance(value) {
  balance = Number(value);
  text(el.balance, points(balance));
  el.balance.dataset.value = String(value); // the plain number, for scripts and tests
  const short = Number(res.price) - balance;
  // the example is typed as shown: plain digits, no grouping
  if (status() === 'HELD' && short > 0) attr(el.amount, 'placeholder', 'checkout.amountPlaceholderShort', { n: String(short) });
  else attr(el.amount, 'placeholder', 'checkout.amountPlaceholder');
}

async function loadBalance() {
  try {
    const { data } = await api.points(userId, { signal: ctx.signal });
    setBalance(data.balance);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    say('checkout.balanceFailed', { reason: explain(e) });
  }
}

async function charge(ev) {
  ev.preventDefault();
  if (chargeBusy) return;
  const raw = el.amount.value.trim().replace(/[\s,._']/g, ''); // "50,000" and "50 000" are 50000
  const amount = Number(raw);
  if (!/^[+-]?[0-9]+$/.test(raw) || !Number.isSafeInteger(amount)) {
    el.amount.setAttribute('aria-invalid', 'true');
    say('checkout.invalidAmount');
    el.amount.focus();
    return;
  }
  chargeBusy = true;
  el.charge.disabled = true;
  say('checkout.adding');
  try {
    const { data } = await api.charge(amount, userId, uuid(), { signal: ctx.signal });
    setBalance(data.balance);
    el.amount.value = '';
    el.amount.removeAttribute('aria-invalid');
    say('checkout.added', { amount: points(amount), balance: points(data.balance) });
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
  say('checkout.paying');
  try {
    const { data } = await api.pay(res.reservationId, userId, uuid(), { signal: ctx.signal });
    merge({ status: data.status || 'PAID' });
    setBalance(data.balance);
    say('checkout.paid', { seats: seatNames(), amount: points(data.amount), balance: points(data.balance) });
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.alive) return;
    if (e.code === 'INSUFFICIENT_BALANCE') {
      const short = Number(res.price) - Number(balance);
      if (balance != null && short > 0) {
        say('checkout.short', { price: points(res.price), balance: points(balance), short: points(short) });
      } else {
        say(explain(e));
      }
      loadBalance();
    } else if (e.code === 'HOLD_EXPIRED') {
      merge({ status: 'EXPIRED' });
      say('checkout.expiredAgain', { reason: explain(e) });
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
