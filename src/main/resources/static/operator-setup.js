// The console's box office set-up (#setup, #setup/{concertId}): the concerts (GET /admin/concerts),
// a new one (POST /admin/concerts), one concert's dates with the seat counts of each section
// (GET /admin/concerts/{id}), a new date with its layout (POST /admin/concerts/{id}/schedules)
// and the sale opening, entered in the venue's time zone (PUT /admin/queues/{id}/settings).
// Needs the tab's admin key (operator-key.js), the same one the live view uses. A refused request
// says its problem code in words and shows the server's own detail beside it.
import { api, explain, ApiError } from './api.js';
import { text, plain, msg } from './i18n.js';
import { $ } from './util.js';
import { adminKey } from './operator-key.js';
import { layoutEditor } from './operator-layout.js';
import { zoneNames, deviceZone, isZone, spelledZone, wallToInstant, instantToWall } from './operator-zones.js';

const LIMITS = { title: 200, venue: 200, maxSeatsPerUser: [1, 10], defaultMaxSeats: 4 };

const el = {
  view: $('#o-view-setup'),
  heading: $('#s-h'),
  keyForm: $('#s-key-form'),
  key: $('#s-key'),
  office: $('#s-office'),
  list: $('#s-list'),
  listEmpty: $('#s-list-empty'),
  create: $('#s-create'),
  title: $('#s-title'),
  venue: $('#s-venue'),
  zone: $('#s-zone'),
  zones: $('#s-zones'),
  max: $('#s-max'),
  concert: $('#s-concert'),
  concertName: $('#s-concert-h'),
  concertZone: $('#s-c-zone'),
  concertMax: $('#s-c-max'),
  concertId: $('#s-c-id'),
  sale: $('#s-sale'),
  saleNow: $('#s-sale-now'),
  saleLabel: $('#s-sale-label'),
  saleAt: $('#s-sale-at'),
  saleClear: $('#s-sale-clear'),
  dates: $('#s-dates'),
  datesEmpty: $('#s-dates-empty'),
  refresh: $('#s-refresh'),
  date: $('#s-date'),
  startsLabel: $('#s-starts-label'),
  starts: $('#s-starts'),
};

/** Where each part of the view says how a request went: words, the server's detail, or a result. */
function outcome(name) {
  const box = $(`[data-outcome="${name}"]`);
  const error = $(`[data-testid="${name}-error"]`, box);
  const detail = $(`[data-testid="${name}-detail"]`, box);
  const result = $(`[data-testid="${name}-result"]`, box);
  const clear = () => {
    text(error, null);
    detail?.replaceChildren();
    text(result, null);
  };
  return {
    clear,
    done(key, args) { clear(); text(result, key, args); },
    error(key, args) { clear(); text(error, key, args); },
    /** A refused request: `key` with its code and reason, and the problem's detail as the server wrote it. */
    refused(e, key) {
      clear();
      text(error, key, { code: e.code ?? '', reason: explain(e) });
      const said = e instanceof ApiError ? e.problem?.detail : null;
      if (detail && said) {
        const label = document.createElement('span');
        text(label, 'setup.serverSaid');
        const words = document.createElement('span');
        words.lang = 'en'; // the server's details are English
        plain(words, said);
        detail.replaceChildren(label, ' ', words);
      }
    },
    /** What the page's own checks found, as a list under a lead sentence. */
    problems(list, key) {
      clear();
      const lead = document.createElement('p');
      text(lead, key, { n: list.length });
      const items = document.createElement('ul');
      items.append(...list.map((p) => {
        const li = document.createElement('li');
        text(li, p.key, p.args);
        return li;
      }));
      error.replaceChildren(lead, items);
    },
  };
}

const said = {
  setup: outcome('setup'),
  create: outcome('create'),
  sale: outcome('sale'),
  date: outcome('date'),
};

/** The view's state: the key the server took, the concerts, the open one and its queue settings. */
const state = { key: null, concerts: [], open: null, settings: null, wanted: null, busy: new Set() };

let onChanged = () => {};
let layout = null;

/** Marks a field wrong, or right again. */
function mark(input, wrong) {
  if (wrong) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/**
 * One request of a form at a time: its buttons are off while it runs. A button that is switched
 * off loses the focus, so a keyboard user gets it back afterwards, unless the work moved it on.
 */
async function once(form, work) {
  if (state.busy.has(form)) return;
  state.busy.add(form);
  const focused = document.activeElement;
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await work();
  } finally {
    state.busy.delete(form);
    buttons.forEach((b) => { b.disabled = false; });
    if (form === el.date) layout.refreshButtons();
    const lost = document.activeElement === document.body || document.activeElement == null;
    if (lost && focused?.isConnected && !focused.disabled && focused.offsetParent !== null) focused.focus();
  }
}

/** A refused key: forgotten everywhere, and asked for again. */
function keyRefused(e, where) {
  if (!(e instanceof ApiError) || e.status !== 401) return false;
  adminKey.keep(null);
  lock();
  said.setup.refused(e, 'setup.keyRefused');
  mark(el.key, true);
  el.key.focus();
  if (where && where !== said.setup) where.clear();
  return true;
}

// ---- the key ----

function lock() {
  state.key = null;
  state.open = null;
  el.office.hidden = true;
  el.concert.hidden = true;
  el.keyForm.hidden = false;
}

async function unlock(key) {
  said.setup.done('setup.opening');
  try {
    const { data } = await api.adminConcerts(key);
    state.key = key;
    mark(el.key, false);
    el.key.value = '';
    el.keyForm.hidden = true;
    el.office.hidden = false;
    said.setup.clear();
    if (adminKey.kept() !== key) adminKey.keep(key);
    showConcerts(data);
    return true;
  } catch (e) {
    if (keyRefused(e)) return false;
    el.keyForm.hidden = false;
    el.key.value = key;
    said.setup.refused(e, 'setup.loadFailed');
    return false;
  }
}

el.keyForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const key = el.key.value.trim();
  if (!key) {
    mark(el.key, true);
    said.setup.error('operator.keyFirst');
    el.key.focus();
    return;
  }
  await once(el.keyForm, async () => {
    if (!(await unlock(key))) return;
    if (state.wanted) openConcert(state.wanted, { focus: true });
    else el.heading.focus(); // the key form is gone: the view's heading takes its place
  });
});

adminKey.onChange((key) => {
  if (key == null && state.key != null) {
    lock();
    said.setup.clear();
  }
});

// ---- the concerts ----

function showConcerts(list) {
  state.concerts = Array.isArray(list) ? list : [];
  el.listEmpty.hidden = state.concerts.length > 0;
  el.list.replaceChildren(...state.concerts.map((c) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `#setup/${c.concertId}`;
    a.dataset.testid = `setup-concert-${c.concertId}`;
    const name = document.createElement('span');
    name.className = 'name';
    text(name, 'common.concertName', { title: c.title, venue: c.venue });
    const about = document.createElement('span');
    about.className = 'about';
    text(about, 'setup.concertAbout', { zone: c.timeZone, n: c.maxSeatsPerUser, id: String(c.concertId) });
    a.append(name, about);
    if (state.open && String(state.open.concertId) === String(c.concertId)) a.setAttribute('aria-current', 'true');
    li.append(a);
    return li;
  }));
}

async function reloadConcerts() {
  try {
    const { data } = await api.adminConcerts(state.key);
    showConcerts(data);
  } catch (e) {
    if (!keyRefused(e)) said.setup.refused(e, 'setup.loadFailed');
  }
}

function readConcert() {
  const problems = [];
  const title = el.title.value.trim();
  const venue = el.venue.value.trim();
  const timeZone = spelledZone(el.zone.value);
  const maxRaw = el.max.value.trim();
  const max = /^[0-9]{1,2}$/.test(maxRaw) ? Number(maxRaw) : null;
  const [least, most] = LIMITS.maxSeatsPerUser;
  const check = (input, wrong, key, args = {}) => {
    mark(input, wrong);
    if (wrong) problems.push({ input, key, args });
  };
  check(el.title, !title || title.length > LIMITS.title, 'setup.check.title', { max: LIMITS.title });
  check(el.venue, !venue || venue.length > LIMITS.venue, 'setup.check.venue', { max: LIMITS.venue });
  check(el.zone, !isZone(timeZone), 'setup.check.zone', { zone: timeZone });
  check(el.max, max == null || max < least || max > most, 'setup.check.maxSeats', { min: least, max: most });
  return { concert: { title, venue, timeZone, maxSeatsPerUser: max }, problems };
}

function resetCreate() {
  el.create.reset();
  el.zone.value = deviceZone();
  el.max.value = String(LIMITS.defaultMaxSeats);
  [el.title, el.venue, el.zone, el.max].forEach((input) => mark(input, false));
}

el.create.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const { concert, problems } = readConcert();
  if (problems.length) {
    said.create.problems(problems, 'setup.notCreatedChecks');
    problems[0].input.focus();
    return;
  }
  once(el.create, async () => {
    said.create.done('setup.creating');
    try {
      const { data } = await api.createConcert(state.key, concert);
      said.create.done('setup.created', { title: data.title, id: String(data.concertId) });
      resetCreate();
      onChanged();
      await reloadConcerts();
      location.hash = `#setup/${data.concertId}`; // the router opens it
    } catch (e) {
      if (!keyRefused(e, said.create)) said.create.refused(e, 'setup.notCreated');
    }
  });
});

// ---- one concert: its facts, its sale opening, its dates ----

async function openConcert(id, { focus = false } = {}) {
  const key = state.key;
  // The settings are the queue's: if they cannot be read, the concert and its dates still show.
  const [detail, settings] = await Promise.allSettled([api.adminConcert(id, key), api.settings(id, key)]);
  if (state.key !== key) return;
  if (detail.status === 'rejected') {
    if (!keyRefused(detail.reason)) said.setup.refused(detail.reason, 'setup.openFailed');
    return;
  }
  const concert = detail.value.data;
  const changed = !state.open || String(state.open.concertId) !== String(concert.concertId);
  state.open = concert;
  state.settings = settings.status === 'fulfilled' ? settings.value.data : null;
  said.setup.clear();
  showConcert(concert, state.settings, { changed });
  if (settings.status === 'rejected' && !keyRefused(settings.reason, said.sale)) {
    said.sale.refused(settings.reason, 'setup.saleLoadFailed');
  }
  showConcerts(state.concerts);
  if (focus) el.concertName.focus();
}

function zoneOf() { return state.open?.timeZone || 'UTC'; }

function showConcert(concert, settings, { changed }) {
  el.concert.hidden = false;
  const zone = concert.timeZone;
  text(el.concertName, 'common.concertName', { title: concert.title, venue: concert.venue });
  plain(el.concertZone, zone);
  text(el.concertMax, 'setup.maxSeatsValue', { n: concert.maxSeatsPerUser });
  el.concertMax.dataset.value = String(concert.maxSeatsPerUser);
  plain(el.concertId, String(concert.concertId));
  text(el.saleLabel, 'setup.saleAt', { zone });
  text(el.startsLabel, 'setup.startsAtLabel', { zone });
  showSale(settings, { fill: true });
  showDates(concert);
  if (changed) {
    said.sale.clear();
    said.date.clear();
    el.starts.value = '';
    mark(el.starts, false);
    layout.reset();
  }
}

function showSale(settings, { fill }) {
  const zone = zoneOf();
  const at = settings?.saleOpensAt;
  el.saleNow.dataset.value = at ?? '';
  if (!at) text(el.saleNow, 'setup.saleNone');
  else if (Date.parse(at) <= Date.now()) text(el.saleNow, 'setup.saleOpened', { at, timeZone: zone });
  else text(el.saleNow, 'setup.saleOpens', { at, timeZone: zone });
  if (fill) {
    el.saleAt.value = at ? instantToWall(at, zone) : '';
    mark(el.saleAt, false);
  }
}

function number(target, value) {
  target.dataset.value = String(value ?? '');
  text(target, 'common.number', { n: Number(value ?? 0) });
}

function showDates(concert) {
  const schedules = Array.isArray(concert.schedules) ? concert.schedules : [];
  el.datesEmpty.hidden = schedules.length > 0;
  el.dates.replaceChildren(...schedules.map((s) => schedule(s, concert.timeZone)));
}

/** One date: when, its seats in all, and a table of its sections' counts. */
function schedule(s, zone) {
  const box = document.createElement('article');
  box.className = 'card schedule';
  box.dataset.testid = `schedule-${s.scheduleId}`;
  const headingId = `s-sch-${s.scheduleId}-h`;
  box.setAttribute('aria-labelledby', headingId);
  const h = document.createElement('h5');
  h.id = headingId;
  text(h, 'setup.dateWhen', { at: s.startsAt, timeZone: zone });
  const local = document.createElement('code');
  local.className = 'machine';
  local.dataset.testid = `schedule-${s.scheduleId}-local`;
  local.textContent = s.localStartsAt ?? '';

  const stats = document.createElement('dl');
  stats.className = 'stats compact';
  for (const [field, label] of [['seats', 'setup.seats'], ['available', 'setup.free'], ['held', 'setup.held'], ['reserved', 'setup.sold']]) {
    const div = document.createElement('div');
    div.className = 'stat';
    const dt = document.createElement('dt');
    text(dt, label);
    const dd = document.createElement('dd');
    dd.className = 'num';
    dd.dataset.testid = `schedule-${s.scheduleId}-${field}`;
    number(dd, s[field]);
    div.append(dt, dd);
    stats.append(div);
  }

  const table = document.createElement('table');
  table.className = 'counts';
  const caption = document.createElement('caption');
  caption.className = 'visually-hidden';
  text(caption, 'setup.sectionsOfDate', { at: s.startsAt, timeZone: zone });
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const label of ['setup.section', 'setup.seats', 'setup.free', 'setup.held', 'setup.sold']) {
    const th = document.createElement('th');
    th.scope = 'col';
    text(th, label);
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const section of s.sections ?? []) {
    const tr = document.createElement('tr');
    tr.dataset.testid = `section-counts-${section.sectionId}`;
    const th = document.createElement('th');
    th.scope = 'row';
    const name = document.createElement('span');
    name.className = 'name';
    plain(name, section.name);
    const about = document.createElement('span');
    about.className = 'about';
    text(about, 'setup.sectionAbout', {
      grade: section.grade, price: msg('common.points', { n: Number(section.price) }),
      rows: section.rows, perRow: section.seatsPerRow,
    });
    th.append(name, about);
    tr.append(th);
    for (const field of ['seats', 'available', 'held', 'reserved']) {
      const td = document.createElement('td');
      td.className = 'num';
      td.dataset.testid = `section-${section.sectionId}-${field}`;
      number(td, section[field]);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(caption, head, body);
  box.append(h, local, stats, table);
  return box;
}

el.refresh.addEventListener('click', () => {
  if (!state.open) return;
  once(el.refresh.parentElement, () => openConcert(state.open.concertId));
});

// ---- the sale opening, in the venue's time ----

async function putSale(saleOpensAt) {
  const concert = state.open;
  if (!concert) return;
  said.sale.done('setup.saving');
  try {
    const { data } = await api.changeSettings(concert.concertId, state.key, { saleOpensAt });
    if (state.open !== concert) return;
    state.settings = data;
    showSale(data, { fill: true });
    if (data.saleOpensAt) said.sale.done('setup.saleSet', { at: data.saleOpensAt, timeZone: concert.timeZone });
    else said.sale.done('setup.saleCleared');
  } catch (e) {
    if (!keyRefused(e, said.sale)) said.sale.refused(e, 'setup.saleNotSet');
  }
}

el.sale.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const at = wallToInstant(el.saleAt.value, zoneOf());
  mark(el.saleAt, !at);
  if (!at) {
    said.sale.problems([{ key: 'setup.check.saleAt', args: {} }], 'setup.saleNotSetChecks');
    el.saleAt.focus();
    return;
  }
  once(el.sale, () => putSale(at.toISOString()));
});

el.saleClear.addEventListener('click', () => once(el.sale, () => putSale(null)));

// ---- a new date with its layout ----

el.date.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const concert = state.open;
  if (!concert) return;
  const local = el.starts.value;
  const at = wallToInstant(local, concert.timeZone);
  const problems = [];
  if (!at) problems.push({ input: el.starts, key: 'setup.check.startsAt', args: {} });
  else if (at.getTime() <= Date.now()) problems.push({ input: el.starts, key: 'setup.check.startsPast', args: {} });
  mark(el.starts, problems.length > 0);
  const { sections, problems: layoutProblems } = layout.read();
  problems.push(...layoutProblems);
  if (problems.length) {
    said.date.problems(problems, 'setup.dateNotAddedChecks');
    (problems.find((p) => p.input)?.input ?? $('[data-testid="date-error"]')).focus();
    return;
  }
  // A wall-clock time without an offset: the server reads it in the concert's zone.
  const startsAt = local.length === 16 ? `${local}:00` : local;
  once(el.date, async () => {
    said.date.done('setup.adding');
    try {
      const { data } = await api.addSchedule(concert.concertId, state.key, { startsAt, sections });
      if (state.open !== concert) return;
      said.date.done('setup.dateAdded', {
        at: data.startsAt, timeZone: concert.timeZone, n: data.seats,
      });
      el.starts.value = '';
      layout.reset();
      await openConcert(concert.concertId);
    } catch (e) {
      if (!keyRefused(e, said.date)) said.date.refused(e, 'setup.dateNotAdded');
    }
  });
});

// ---- showing the view ----

/**
 * The set-up view, wired once: show(concertId or null) when the address asks for it, hide()
 * when it goes; onConcertsChanged() is called after a concert was created.
 */
export function setupView({ onConcertsChanged }) {
  onChanged = onConcertsChanged;
  layout = layoutEditor({ list: $('#s-sections'), add: $('#s-add-section'), total: $('#s-total') });
  el.zones.replaceChildren(...zoneNames().map((name) => Object.assign(document.createElement('option'), { value: name })));
  resetCreate();
  lock();
  return {
    async show(concertId, { focus = true } = {}) {
      el.view.hidden = false;
      state.wanted = concertId;
      if (state.key == null) {
        const kept = adminKey.kept();
        if (!kept || !(await unlock(kept))) {
          if (!kept) el.key.focus();
          return;
        }
      } else {
        reloadConcerts();
      }
      if (concertId) await openConcert(concertId, { focus });
      else {
        state.open = null;
        el.concert.hidden = true;
        showConcerts(state.concerts);
        if (focus) el.heading.focus();
      }
    },
    hide() { el.view.hidden = true; },
  };
}
