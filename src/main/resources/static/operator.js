// The operator console (/operator): one concert's queue live from the server-sent event stream
// GET /admin/queues/{id}/events, and its settings changed through PUT /admin/queues/{id}/settings.
// The admin key is kept for this tab only (sessionStorage) and sent as X-Admin-Key; a refused key
// is never kept. The stream is one request per console whatever happens on screen: switching
// concert or leaving aborts it, a dropped one is opened again with back-off, and one that goes
// quiet for a few seconds is treated as dropped. The console's other view, the box office set-up
// (#setup), is operator-setup.js; this module switches between the two by the address's #.
// The seats come live with the stream's events (availability, free, held and sold in all); each
// date's seats are read again from GET /admin/concerts/{id} every few seconds while the live view
// shows that concert, one read at a time and each with a time limit.
import { api, explain, ApiError } from './api.js';
import { initI18n, onLanguageChange, msg, text, plain, title } from './i18n.js';
import { $, loadConcerts, forgetConcerts, backoffSeconds } from './util.js';
import { queueChart } from './operator-chart.js';
import { adminKey } from './operator-key.js';
import { setupView } from './operator-setup.js';

const CONCERT_STORE = 'wr.operator.concert';
const QUIET_MS = 5000; // events come every second: this long without one means the stream is gone
/** The ranges the server accepts (QueueSettings), shown beside the fields; the server still decides. */
const RANGES = {
  admitPerTick: [1, 100_000],
  tickMillis: [100, 60_000],
  maxActive: [1, 10_000_000],
};
/** maxActivePerFreeSeat: more than the first, at most the second (a decimal: 0.5 is one pass for two free seats). */
const PER_FREE_SEAT = [0, 1000];
const WHOLE_NUMBER = /^[0-9]{1,12}$/;
const DECIMAL = /^(?:[0-9]{1,7}(?:\.[0-9]{1,6})?|\.[0-9]{1,6})$/;
const DATES_EVERY_MS = 5000;   // how often each date's seats are read again
const DATES_TIMEOUT_MS = 4000; // a read still unanswered then is given up (the next one comes at its time)
/** The seats' state as the events name it, and its words. */
const AVAILABILITY = {
  AVAILABLE: 'operator.availability.AVAILABLE',
  ALL_HELD: 'operator.availability.ALL_HELD',
  SOLD_OUT: 'operator.availability.SOLD_OUT',
};
const BANNERS = { ALL_HELD: 'operator.banner.ALL_HELD', SOLD_OUT: 'operator.banner.SOLD_OUT' };

const el = {
  liveView: $('#o-view-live'),
  viewLinks: [...document.querySelectorAll('nav.views a[data-view]')],
  connectForm: $('#o-connect'),
  key: $('#o-key'),
  concert: $('#o-concert'),
  connect: $('#o-connect-btn'),
  forget: $('#o-forget'),
  connection: $('#o-connection'),
  connectionText: $('#o-connection-text'),
  error: $('#o-error'),
  waiting: $('#o-waiting'),
  active: $('#o-active'),
  admitted: $('#o-admitted'),
  stateWord: $('#o-state-word'),
  paused: $('#o-paused'),
  measured: $('#o-measured'),
  configured: $('#o-configured'),
  eta: $('#o-eta'),
  opensRow: $('#o-opens-row'),
  opens: $('#o-opens'),
  preRow: $('#o-pre-row'),
  pre: $('#o-pre'),
  banner: $('#o-availability-banner'),
  availabilityTile: $('#o-availability-tile'),
  availabilityWord: $('#o-availability-word'),
  availability: $('#o-availability'),
  free: $('#o-free'),
  held: $('#o-held'),
  sold: $('#o-sold'),
  dates: $('#o-dates'),
  datesBody: $('#o-dates-body'),
  datesNote: $('#o-dates-note'),
  updated: $('#o-updated'),
  chart: $('#o-chart'),
  pause: $('#o-pause'),
  settingsForm: $('#o-settings'),
  fields: {
    admitPerTick: $('#o-admit'),
    tickMillis: $('#o-tick'),
    maxActive: $('#o-max'),
    maxActivePerFreeSeat: $('#o-per-seat'),
  },
  ranges: {
    admitPerTick: $('#o-admit-range'),
    tickMillis: $('#o-tick-range'),
    maxActive: $('#o-max-range'),
    maxActivePerFreeSeat: $('#o-per-seat-range'),
  },
  apply: $('#o-apply'),
  saleForm: $('#o-sale'),
  saleAt: $('#o-sale-at'),
  saleMove: $('#o-sale-move'),
  saleOpen: $('#o-sale-open'),
  result: $('#o-result'),
};

const chart = queueChart(el.chart);

/** The live connection: its abort controller, the concert, the key, and what it last heard. */
let session = null;
let busy = false; // a settings change is on its way

// ---- storage: this tab only, and never throws (blocked storage just forgets) ----
const tab = {
  get(name) { try { return sessionStorage.getItem(name); } catch { return null; } },
  set(name, value) {
    try { value == null ? sessionStorage.removeItem(name) : sessionStorage.setItem(name, value); } catch { /* ignore */ }
  },
};

// ---- showing ----

function showError(m) { text(el.error, m ?? null); }
function showResult(m) { text(el.result, m ?? null); }

function setConnection(state, args) {
  el.connection.dataset.state = state;
  text(el.connectionText, `operator.state.${state}`, args);
  const on = state !== 'off';
  el.forget.hidden = !on;
  el.connect.hidden = state === 'live';
  setControls(state === 'live' || state === 'reconnecting');
}

function setControls(enabled) {
  el.pause.disabled = !enabled || busy;
  el.apply.disabled = !enabled || busy;
  Object.values(el.fields).forEach((input) => { input.disabled = !enabled; });
  el.saleMove.disabled = !enabled || busy;
  el.saleOpen.disabled = !enabled || busy;
}

/** A number shown in the language's digits, the raw value kept in data-value for machines. */
function number(target, value, key = 'common.number') {
  if (value == null || !Number.isFinite(Number(value))) {
    plain(target, '–');
    delete target.dataset.value;
    return;
  }
  target.dataset.value = String(value);
  text(target, key, { n: Number(value) });
}

function clearNumbers() {
  [el.waiting, el.active, el.admitted, el.measured, el.configured, el.pre].forEach((target) => number(target, null));
  plain(el.eta, '–');
  plain(el.stateWord, '–');
  el.paused.textContent = '';
  el.opensRow.hidden = true;
  el.preRow.hidden = true;
  showSeats({});
  clearDates();
  text(el.updated, null);
  chart.reset();
}

function render(event) {
  number(el.waiting, event.waiting);
  number(el.active, event.active);
  number(el.admitted, event.admittedLastMinute);
  number(el.measured, event.measuredRate, 'operator.perSecond');
  number(el.configured, event.configuredRate, 'operator.perSecond');
  if (event.measuredRate == null) text(el.measured, 'operator.notMeasured');
  const beforeSale = event.preQueue > 0 || Date.parse(event.saleOpensAt) > Date.now();
  if (event.etaOfLastSeconds == null) {
    text(el.eta, event.paused ? 'operator.etaPaused' : beforeSale ? 'operator.etaBeforeSale' : 'operator.etaNone');
  }
  else if (event.etaOfLastSeconds < 60) text(el.eta, 'operator.etaSeconds', { s: event.etaOfLastSeconds });
  else text(el.eta, 'operator.etaAbout', { s: event.etaOfLastSeconds });
  // The machine word stays English ("paused"/"running"); the word people read is beside it.
  el.paused.textContent = event.paused ? 'paused' : 'running';
  el.paused.dataset.paused = String(event.paused);
  text(el.stateWord, event.paused ? 'operator.state.paused' : 'operator.state.running');
  text(el.pause, event.paused ? 'operator.resume' : 'operator.pause');
  el.opensRow.hidden = !event.saleOpensAt;
  if (event.saleOpensAt) text(el.opens, 'common.datetime', { at: event.saleOpensAt });
  el.preRow.hidden = !event.preQueue;
  number(el.pre, event.preQueue || null);
  showSeats(event);
  text(el.updated, 'operator.updated', { at: new Date().toISOString() });
  fillFromStream(event.settings);
  chart.push(event);
}

// ---- the seats ----

/** Availability and the free, held and sold seats in all, as the event tells them (null: not counted yet). */
function showSeats(event) {
  const state = AVAILABILITY[event.availability] ? event.availability : '';
  // The machine word stays as the API says it (SOLD_OUT); the word people read is beside it.
  el.availability.textContent = state;
  el.availabilityTile.dataset.availability = state;
  if (state) text(el.availabilityWord, AVAILABILITY[state]);
  else if (event.availability === null) text(el.availabilityWord, 'operator.availability.unknown');
  else plain(el.availabilityWord, '–');
  for (const [target, value] of [[el.free, event.freeSeats], [el.held, event.heldSeats], [el.sold, event.soldSeats]]) {
    number(target, value);
    if (value === null) text(target, 'operator.notCounted');
  }
  // Said once when it changes (the banner is a live region), not at every event.
  const banner = BANNERS[state] ? state : '';
  if (el.banner.dataset.state !== banner) {
    el.banner.dataset.state = banner;
    el.banner.hidden = !banner;
    text(el.banner, banner ? BANNERS[banner] : null);
  }
}

// ---- each date's seats, read again every few seconds ----

function clearDates() {
  el.dates.hidden = true;
  el.datesBody.replaceChildren();
  text(el.datesNote, null);
}

/** Reads the concert's dates now and then again, one read at a time, until the session ends. */
function watchDates(s) {
  let failures = 0;
  const read = async () => {
    s.datesTimer = null;
    if (session !== s) return;
    let wait = DATES_EVERY_MS;
    if (!el.liveView.hidden && !document.hidden) { // nobody looks: no read, but the next one stays planned
      const call = new AbortController();
      const stop = () => call.abort();
      s.aborter.signal.addEventListener('abort', stop, { once: true });
      const limit = setTimeout(stop, DATES_TIMEOUT_MS);
      try {
        const { data } = await api.adminConcert(s.concertId, s.key, { signal: call.signal });
        if (session !== s) return;
        failures = 0;
        showDates(data);
      } catch (e) {
        if (session !== s) return;
        // Given up at the time limit: an abort of this read only, said as a timeout.
        const refused = e instanceof ApiError ? e : new ApiError(0, { code: e.name === 'AbortError' ? 'TIMEOUT' : undefined });
        wait = Math.max(DATES_EVERY_MS, backoffSeconds(refused.retryAfter, failures++) * 1000);
        text(el.datesNote, 'operator.datesFailed', { code: refused.code, reason: explain(refused), s: wait / 1000 });
      } finally {
        clearTimeout(limit);
        s.aborter.signal.removeEventListener('abort', stop);
      }
    }
    if (session === s) s.datesTimer = setTimeout(read, wait);
  };
  read();
}

/** The dates' rows, changed in place while the dates are the same ones. */
function showDates(concert) {
  const schedules = Array.isArray(concert?.schedules) ? concert.schedules : [];
  const ids = schedules.map((d) => String(d.scheduleId)).join(',');
  if (el.datesBody.dataset.ids !== ids) {
    el.datesBody.dataset.ids = ids;
    el.datesBody.replaceChildren(...schedules.map((d) => {
      const tr = document.createElement('tr');
      tr.dataset.testid = `live-date-${d.scheduleId}`;
      const th = document.createElement('th');
      th.scope = 'row';
      tr.append(th);
      for (const field of ['free', 'held', 'sold']) {
        const td = document.createElement('td');
        td.className = 'num';
        td.dataset.testid = `live-date-${d.scheduleId}-${field}`;
        tr.append(td);
      }
      return tr;
    }));
  }
  schedules.forEach((d, i) => {
    const [th, free, held, sold] = el.datesBody.children[i].children;
    text(th, 'setup.dateWhen', { at: d.startsAt, timeZone: concert.timeZone || 'UTC' });
    number(free, d.available);
    number(held, d.held);
    number(sold, d.reserved);
  });
  el.dates.hidden = schedules.length === 0;
  if (schedules.length) text(el.datesNote, 'operator.datesUpdated', { at: new Date().toISOString(), s: DATES_EVERY_MS / 1000 });
  else text(el.datesNote, 'operator.datesNone');
}

// ---- the settings form: filled from the stream, but never over what the operator is typing ----

let filled = {}; // what the form last showed for each field, to tell the operator's edits apart
let knownSettings = null;
/** The settings a change just answered, until the stream has caught up with them (or a few seconds passed). */
let answered = null;
const CATCH_UP_MS = 3000;
const SETTING_NAMES = ['admitPerTick', 'tickMillis', 'maxActive', 'maxActivePerFreeSeat', 'paused', 'saleOpensAt'];

/**
 * An event read just before a change can arrive just after its answer: its settings would put
 * the old values back in the form for a second (and make "Apply" think nothing changed).
 */
function fillFromStream(settings) {
  if (!settings) return;
  if (answered && Date.now() < answered.until
      && SETTING_NAMES.some((name) => settings[name] !== answered.settings[name])) return;
  answered = null;
  fillSettings(settings);
}

function fillSettings(settings, { force = false } = {}) {
  if (!settings) return;
  knownSettings = settings;
  for (const [name, input] of Object.entries(el.fields)) {
    const value = settings[name] == null ? '' : String(settings[name]);
    if (force || input.value === (filled[name] ?? '')) {
      input.value = value;
      input.removeAttribute('aria-invalid');
    }
    filled[name] = value;
  }
  el.saleForm.hidden = !settings.saleOpensAt;
  if (settings.saleOpensAt) {
    const local = toLocalInput(settings.saleOpensAt);
    if (force || el.saleAt.value === (filled.saleOpensAt ?? '')) el.saleAt.value = local;
    filled.saleOpensAt = local;
  }
}

/** An ISO instant as a datetime-local value in this device's time zone (to the second). */
function toLocalInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function showRanges() {
  for (const [name, [min, max]] of Object.entries(RANGES)) {
    text(el.ranges[name], 'operator.range', { min, max });
  }
  text(el.ranges.maxActivePerFreeSeat, 'operator.rangeAboveZero', { min: PER_FREE_SEAT[0], max: PER_FREE_SEAT[1] });
}

// ---- the stream ----

function connect(concertId, key) {
  disconnect();
  const aborter = new AbortController();
  const s = { aborter, concertId, key, attempt: 0, heard: false, quiet: null, retry: null };
  session = s;
  clearNumbers();
  filled = {};
  knownSettings = null;
  answered = null;
  setConnection('connecting');
  open(s);
  watchDates(s);
}

function disconnect() {
  if (!session) return;
  session.aborter.abort();
  clearTimeout(session.quiet);
  clearTimeout(session.retry);
  clearTimeout(session.datesTimer);
  session = null;
}

async function open(s) {
  if (session !== s) return;
  const attempt = new AbortController(); // this request only: a quiet stream is dropped without ending the session
  const stop = () => attempt.abort();
  s.drop = stop;
  s.aborter.signal.addEventListener('abort', stop, { once: true });
  const watch = () => {
    clearTimeout(s.quiet);
    s.quiet = setTimeout(stop, QUIET_MS);
  };
  watch();
  let retryAfter = null;
  try {
    await api.queueEvents(s.concertId, s.key, (name, data) => {
      if (session !== s || name !== 'queue') return;
      let event;
      try { event = JSON.parse(data); } catch { return; }
      watch();
      if (!s.heard) {
        s.heard = true;
        if (adminKey.kept() !== s.key) adminKey.keep(s.key); // kept only once the server took it
        showError(null);
      }
      s.attempt = 0;
      if (el.connection.dataset.state !== 'live') setConnection('live');
      render(event);
    }, { signal: attempt.signal });
  } catch (e) {
    if (session !== s) return;
    if (!(e instanceof ApiError) && e.name !== 'AbortError') console.error(e); // a fault of this page: still reconnect
    retryAfter = e.retryAfter ?? null;
    if (e instanceof ApiError && (e.status === 401 || e.status === 404)) {
      // A refused key or an unknown concert: nothing to retry.
      clearTimeout(s.quiet);
      session = null;
      if (e.status === 401) {
        adminKey.keep(null);
        el.key.setAttribute('aria-invalid', 'true');
      }
      setConnection('off');
      clearNumbers();
      showError(msg('operator.connectFailed', { reason: explain(e) }));
      if (e.status === 401) el.key.focus();
      return;
    }
  } finally {
    s.aborter.signal.removeEventListener('abort', stop);
  }
  if (session !== s) return;
  // Dropped (the server went, the network blinked, or it went quiet): open it again, calmly.
  clearTimeout(s.quiet);
  const seconds = backoffSeconds(retryAfter, s.attempt++);
  setConnection('reconnecting', { s: seconds });
  s.retry = setTimeout(() => { s.retry = null; open(s); }, seconds * 1000);
}

// The device lost its network: the stream is gone even if no error says so yet. Back online,
// there is no need to sit out the rest of a back-off.
window.addEventListener('offline', () => session?.drop?.());
window.addEventListener('online', () => {
  const s = session;
  if (!s || s.retry == null) return; // only a stream waiting out its back-off; one already opening is left alone
  clearTimeout(s.retry);
  s.retry = null;
  s.attempt = 0;
  open(s);
});

// ---- changes ----

async function change(body) {
  if (!session || busy) return;
  const { concertId, key } = session;
  busy = true;
  setControls(true);
  showError(null);
  showResult(msg('operator.applying'));
  try {
    const { data } = await api.changeSettings(concertId, key, body);
    if (session?.concertId !== concertId) return;
    fillSettings(data, { force: true });
    answered = { settings: data, until: Date.now() + CATCH_UP_MS };
    showResult(msg('operator.applied', {
      admit: data.admitPerTick,
      tick: data.tickMillis,
      max: data.maxActive,
      perSeat: data.maxActivePerFreeSeat,
      state: msg(data.paused ? 'operator.state.paused' : 'operator.state.running'),
    }));
  } catch (e) {
    showResult(null);
    showError(msg('operator.changeFailed', { code: e.code ?? '', reason: explain(e) }));
  } finally {
    busy = false;
    setControls(el.connection.dataset.state === 'live' || el.connection.dataset.state === 'reconnecting');
  }
}

/**
 * The form's changed values ({body}), or {problem} (with the bad field marked) when one is not a
 * number of its kind: whole numbers, and a decimal for the passes per free seat. The ranges are
 * the server's to check.
 */
function readFields() {
  const body = {};
  for (const [name, input] of Object.entries(el.fields)) {
    const raw = input.value.trim();
    const decimal = name === 'maxActivePerFreeSeat';
    if (decimal && raw === '' && !filled[name]) continue; // a server that does not have the setting
    if (!(decimal ? DECIMAL : WHOLE_NUMBER).test(raw)) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return { problem: decimal ? 'operator.perFreeSeatNumber' : 'operator.wholeNumbers' };
    }
    input.removeAttribute('aria-invalid');
    if (raw !== filled[name]) body[name] = Number(raw);
  }
  return { body };
}

el.settingsForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const { body, problem } = readFields();
  if (problem) {
    showResult(null);
    showError(msg(problem));
    return;
  }
  if (!Object.keys(body).length) {
    showError(null);
    showResult(msg('operator.nothingChanged'));
    return;
  }
  change(body);
});

el.pause.addEventListener('click', () => {
  if (knownSettings) change({ paused: !knownSettings.paused });
});

el.saleForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const at = new Date(el.saleAt.value);
  if (!el.saleAt.value || Number.isNaN(at.getTime())) {
    el.saleAt.setAttribute('aria-invalid', 'true');
    showError(msg('operator.badTime'));
    return;
  }
  el.saleAt.removeAttribute('aria-invalid');
  change({ saleOpensAt: at.toISOString() });
});

el.saleOpen.addEventListener('click', () => change({ saleOpensAt: null }));

// ---- connecting ----

el.connectForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const key = el.key.value.trim();
  if (!key) {
    el.key.setAttribute('aria-invalid', 'true');
    showError(msg('operator.keyFirst'));
    el.key.focus();
    return;
  }
  if (!el.concert.value) return;
  el.key.removeAttribute('aria-invalid');
  showError(null);
  showResult(null);
  connect(el.concert.value, key);
});

el.concert.addEventListener('change', () => {
  tab.set(CONCERT_STORE, el.concert.value);
  showResult(null);
  if (session) connect(el.concert.value, session.key);
});

el.forget.addEventListener('click', () => {
  disconnect();
  adminKey.keep(null);
  el.key.value = '';
  clearNumbers();
  showError(null);
  showResult(msg('operator.forgotten'));
  setConnection('off');
  el.key.focus();
});

// Leaving the page ends the stream at once (the server sees the client go).
window.addEventListener('pagehide', disconnect);

async function loadConcertList() {
  let attempt = 0;
  for (;;) {
    try {
      const list = await loadConcerts();
      const shown = el.concert.value; // a reload of the list keeps the concert the stream is on
      el.concert.replaceChildren(...list.map((c) => {
        const option = document.createElement('option');
        option.value = String(c.concertId);
        text(option, 'common.concertName', { title: c.title, venue: c.venue });
        return option;
      }));
      el.concert.setAttribute('aria-busy', 'false');
      const remembered = shown || tab.get(CONCERT_STORE);
      if (remembered && list.some((c) => String(c.concertId) === remembered)) el.concert.value = remembered;
      showError(null);
      return list;
    } catch (e) {
      const s = backoffSeconds(e.retryAfter, attempt++);
      showError(msg('operator.concertsRetry', { reason: explain(e), s }));
      await new Promise((resolve) => { setTimeout(resolve, s * 1000); });
    }
  }
}

onLanguageChange(() => chart.redraw());

// ---- the two views: the live queue (#live, or no #) and the box office set-up (#setup, #setup/{id}) ----

let setup = null; // wired once the messages are there

function route({ initial = false } = {}) {
  const wanted = /^#setup(?:\/([0-9]{1,19}))?$/.exec(location.hash);
  const view = wanted ? 'setup' : 'live';
  el.viewLinks.forEach((a) => {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  el.liveView.hidden = view !== 'live';
  if (view === 'setup') {
    title('setup.pageTitle');
    setup.show(wanted[1] ?? null, { focus: !initial });
  } else {
    setup.hide();
    title('operator.title');
  }
}
window.addEventListener('hashchange', () => { if (setup) route(); });
// A key proven in the set-up view serves the live view too.
adminKey.onChange((key) => { if (key && !el.key.value) el.key.value = key; });

await initI18n();
setup = setupView({
  onConcertsChanged() { // a new concert: the live view's list asks the server again
    forgetConcerts();
    loadConcertList();
  },
});
route({ initial: true });
showRanges();
setConnection('off');
const list = await loadConcertList();
const storedKey = adminKey.kept();
if (storedKey && list.length) { // a reload of this tab: connect again with the key it already proved
  el.key.value = storedKey;
  connect(el.concert.value, storedKey);
}
