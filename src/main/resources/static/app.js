// Entry point: a tiny hash router and the concert list.
//   #/                     concerts + user id
//   #/queue/{concertId}    waiting room
//   #/book/{concertId}     dates and seats (needs an ACTIVE pass)
//   #/checkout/{resId}     points and payment
//   #/reservations         my reservations
import { explain, isRetryable } from './api.js';
import { initI18n, text, plain, title } from './i18n.js';
import { $, go, store, parseUserId, loadConcerts, takeFlash, backoffSeconds, seatLabels } from './util.js';
import { waitingView, requestJoin } from './waiting.js';
import { bookingView } from './booking.js';
import { checkoutView } from './checkout.js';
import { reservationsView } from './reservations.js';

// ---- view context: every timer and request of a view stops when the view changes ----
function makeContext() {
  const aborter = new AbortController();
  const timers = new Set();
  return {
    signal: aborter.signal,
    get alive() { return !aborter.signal.aborted; },
    later(fn, ms) {
      const id = setTimeout(() => { timers.delete(id); if (!aborter.signal.aborted) fn(); }, Math.max(0, ms));
      timers.add(id);
      return id;
    },
    cancel(id) { if (id != null) { clearTimeout(id); timers.delete(id); } },
    dispose() { aborter.abort(); timers.forEach(clearTimeout); timers.clear(); },
  };
}

const views = {
  home: homeView, queue: waitingView, book: bookingView, checkout: checkoutView, reservations: reservationsView,
};
const sections = { home: 'home', queue: 'waiting', book: 'booking', checkout: 'checkout', reservations: 'reservations' };
/** Views without an id in their route. */
const WHOLE = new Set(['home', 'reservations']);
let current = null;
let firstRender = true;

function route() {
  const [name = '', id = ''] = location.hash.replace(/^#\/?/, '').split('/');
  const view = views[name] && (WHOLE.has(name) || /^[0-9]+$/.test(id)) ? name : 'home';
  current?.dispose();
  const ctx = makeContext();
  current = ctx;

  document.querySelectorAll('[data-view]').forEach((s) => { s.hidden = s.dataset.view !== sections[view]; });
  showWho(store.userId());
  markNav(view);
  if (!firstRender) $(`[data-view="${sections[view]}"] h1`)?.focus({ preventScroll: false });
  firstRender = false;
  window.scrollTo(0, 0);

  Promise.resolve(views[view](ctx, id)).catch((e) => {
    if (e?.name !== 'AbortError') console.error(e);
  });
}

/** The navigation says which of its pages is on screen. */
function markNav(view) {
  const mine = $('#nav-mine');
  if (view === 'reservations') mine.setAttribute('aria-current', 'page');
  else mine.removeAttribute('aria-current');
}

// ---- concerts ----
const home = {
  userId: $('#user-id'),
  msg: $('#home-msg'),
  list: $('#concerts'),
  resume: $('#home-resume'),
};

function showWho(uid) {
  if (uid) text($('#whoami'), 'app.user', { id: uid });
  else text($('#whoami'), null);
}

/** A message (a key and its arguments, or a msg()) in the concerts view's status line. */
function homeSay(key, args) {
  text(home.msg, key, args);
  home.msg.dataset.kind = '';
}

async function homeView(ctx) {
  title('title.home');
  home.userId.value = store.userId() ?? '';
  home.userId.removeAttribute('aria-invalid');
  homeSay(takeFlash());
  showResume();

  let attempt = 0;
  const load = async () => {
    try {
      const list = await loadConcerts(ctx.signal);
      if (!ctx.alive) return;
      renderConcerts(list);
    } catch (e) {
      if (e.name === 'AbortError' || !ctx.alive) return;
      if (isRetryable(e)) {
        const s = backoffSeconds(e.retryAfter, attempt++);
        homeSay('home.loadRetry', { s });
        ctx.later(load, s * 1000);
      } else {
        homeSay(explain(e));
      }
    }
  };
  if (!home.list.children.length) home.list.setAttribute('aria-busy', 'true');
  await load();
}

function renderConcerts(list) {
  home.list.setAttribute('aria-busy', 'false');
  if (!list.length) {
    const li = Object.assign(document.createElement('li'), { className: 'empty' });
    text(li, 'home.none');
    home.list.replaceChildren(li);
    return;
  }
  home.list.replaceChildren(...list.map((c) => {
    const li = document.createElement('li');
    li.className = 'card concert';
    const info = document.createElement('div');
    const h = document.createElement('h2');
    h.id = `concert-${c.concertId}-title`;
    plain(h, c.title);
    const venue = document.createElement('p');
    venue.className = 'sub';
    plain(venue, c.venue);
    info.append(h, venue);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'primary';
    b.dataset.concertId = c.concertId;
    b.setAttribute('data-testid', `enter-${c.concertId}`);
    b.setAttribute('aria-describedby', h.id); // "Enter waiting room", for which concert
    text(b, store.token(c.concertId) ? 'home.back' : 'home.enter');
    li.append(info, b);
    return li;
  }));
}

function showResume() {
  const id = store.lastReservationId();
  const r = id != null ? store.reservation(id) : null;
  home.resume.replaceChildren();
  home.resume.hidden = !(r && r.status === 'HELD' && Date.parse(r.holdExpiresAt) > Date.now());
  if (home.resume.hidden) return;
  const a = document.createElement('a');
  a.href = `#/checkout/${r.reservationId}`;
  a.setAttribute('data-testid', 'resume-checkout');
  text(a, 'home.resume', { seats: seatLabels(r.seats) || String(r.seatNumber ?? '') });
  home.resume.append(a);
}

home.userId.addEventListener('input', () => {
  const v = parseUserId(home.userId.value);
  if (v) {
    store.setUserId(v);
    home.userId.removeAttribute('aria-invalid');
    showWho(v);
    if (home.msg.dataset.kind === 'user-id') homeSay(null);
  }
});

home.list.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-concert-id]');
  if (!b) return;
  const v = parseUserId(home.userId.value);
  if (!v) {
    home.userId.setAttribute('aria-invalid', 'true');
    homeSay('home.needUserId');
    home.msg.dataset.kind = 'user-id';
    home.userId.focus();
    return;
  }
  store.setUserId(v);
  requestJoin(b.dataset.concertId);
  go(`#/queue/${b.dataset.concertId}`);
});

window.addEventListener('hashchange', route);
await initI18n();
route();
