// Languages of every page: which one to show, its message file, and Intl formatting in it.
// Shared by all pages (the concert pages and the operator console): a page imports
// initI18n() once, marks its static texts with data-i18n attributes, and binds dynamic texts
// with text()/attr(); switching language re-renders every bound text in place.
//
// Messages live in i18n/{lang}.json, one file per language, nested by page. A message is a
// string with {name} placeholders, optionally typed: {n, number}, {at, datetime}, {at, time},
// {at, timeSeconds}, {at, zoned} (a date and time in the time zone named by the argument
// timeZone, e.g. a venue's), {s, duration} (seconds in words), {s, seconds}, {ms, clock}. A datetime or
// time argument may also be {at, timeZone}: shown in that zone (a venue's), with the zone's name when
// it differs from this device's. A message that
// is an object of plural categories ({"one": ..., "other": ...}) is chosen by Intl.PluralRules on
// the argument n. An argument may itself be a message ({key, args}), translated in the same language.

const LANGUAGES = ['ko', 'en'];
const FALLBACK = 'en';
const STORE_KEY = 'wr.lang';
const ATTRS = ['aria-label', 'placeholder', 'title', 'content'];
const SELECTOR = ['[data-i18n]', ...ATTRS.map((a) => `[data-i18n-${a}]`)].join(',');

let lang = FALLBACK;
let messages = {};
let titleBinding = null;
let fmt = formatters(FALLBACK);
const listeners = new Set();
const loaded = new Map(); // lang -> Promise of its messages

export const language = () => lang;

/** The remembered choice, else the first of the browser's languages (what it sends as Accept-Language) we have. */
function preferredLanguage() {
  const stored = readStored();
  if (LANGUAGES.includes(stored)) return stored;
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return FALLBACK;
}

/** Loads the preferred language, translates the page and wires the language switch. Call once per page. */
export async function initI18n() {
  await use(preferredLanguage());
  document.querySelectorAll('[data-lang-switch]').forEach(wireSwitch);
}

/** Shows the page in another language and remembers the choice on this device. */
async function setLanguage(next) {
  if (!LANGUAGES.includes(next)) return;
  writeStored(next);
  if (next !== lang) await use(next);
}

/** Called after every language change (for texts a page builds itself rather than binds). */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function use(next) {
  let chosen = next;
  let data = await load(next).catch(() => null);
  if (!data && next !== FALLBACK) {
    chosen = FALLBACK;
    data = await load(FALLBACK).catch(() => null);
  }
  lang = chosen;
  messages = data || {};
  fmt = formatters(chosen);
  document.documentElement.lang = chosen;
  translate(document);
  if (titleBinding) document.title = t(titleBinding.key, titleBinding.args);
  document.querySelectorAll('[data-lang-switch] [data-lang]').forEach((b) => {
    b.setAttribute('aria-pressed', String(b.dataset.lang === chosen));
  });
  listeners.forEach((fn) => fn(chosen));
}

function load(code) {
  if (!loaded.has(code)) {
    const url = new URL(`./i18n/${code}.json`, import.meta.url);
    const p = fetchJson(url, 3);
    p.catch(() => loaded.delete(code)); // a failed load may be tried again later
    loaded.set(code, p);
  }
  return loaded.get(code);
}

/** The message file, tried again a couple of times: a refresh storm may drop a request or two. */
async function fetchJson(url, tries) {
  for (let attempt = 1; ; attempt++) {
    let retryable = true;
    try {
      const r = await fetch(url, { credentials: 'same-origin' });
      if (r.ok) return await r.json();
      retryable = r.status >= 500 || r.status === 429;
      throw new Error(`${url}: HTTP ${r.status}`);
    } catch (e) {
      if (!retryable || attempt >= tries) throw e;
    }
    await new Promise((resolve) => { setTimeout(resolve, 500 * attempt); });
  }
}

function wireSwitch(group) {
  group.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-lang]');
    if (b) setLanguage(b.dataset.lang);
  });
}

// ---- messages ----

function lookup(key) {
  let node = messages;
  for (const part of String(key).split('.')) {
    if (node == null || typeof node !== 'object') return null;
    node = node[part];
  }
  return node;
}

/** The message `key` in the current language, with its arguments filled in and formatted. */
export function t(key, args) {
  args = args || {};
  const entry = lookup(key);
  let pattern = entry;
  if (entry && typeof entry === 'object') {
    pattern = entry[fmt.plural.select(Number(args.n))] ?? entry.other;
  }
  if (typeof pattern !== 'string') {
    console.warn(`i18n: no message ${key} in ${lang}`);
    return key;
  }
  return pattern.replace(/\{(\w+)(?:,\s*(\w+))?\}/g, (_, name, kind) => formatArg(args[name], kind, args));
}

/** Whether the current language has a message `key`. */
export const has = (key) => lookup(key) != null;

/** A message to translate later (as a view's state, or as an argument of another message). */
export const msg = (key, args) => ({ key, args });

function formatArg(value, kind, args) {
  if (value == null) return '';
  if (typeof value === 'object' && value.key) return t(value.key, value.args);
  switch (kind) {
    case 'number': return fmt.number(value);
    case 'datetime': return fmt.datetime(value);
    case 'time': return fmt.time(value);
    case 'timeSeconds': return fmt.timeSeconds(value);
    case 'zoned': return fmt.zoned(value, args.timeZone);
    case 'duration': return fmt.duration(value);
    case 'seconds': return fmt.seconds(value);
    case 'clock': return clock(value);
    default: return typeof value === 'number' ? fmt.number(value) : String(value);
  }
}

// ---- binding texts to elements, so a language switch re-renders them ----

/** Sets el's text to a message (a key and its arguments, or a msg()) and keeps the binding; null clears it. */
export function text(el, key, args) {
  if (!el) return;
  if (key && typeof key === 'object') ({ key, args } = key);
  if (key == null) {
    delete el.dataset.i18n;
    delete el.dataset.i18nArgs;
    el.textContent = '';
    return;
  }
  el.dataset.i18n = key;
  setArgs(el, args);
  el.textContent = t(key, args);
}

/** Text that is data, not a message (a concert's title): shown as is, never re-translated. */
export function plain(el, value) {
  delete el.dataset.i18n;
  delete el.dataset.i18nArgs;
  el.textContent = value ?? '';
}

/** Sets one attribute (aria-label, placeholder, title, content) to a message and keeps the binding. */
export function attr(el, name, key, args) {
  el.setAttribute(`data-i18n-${name}`, key);
  setArgs(el, args);
  el.setAttribute(name, t(key, args));
}

/** The document's title as a message. */
export function title(key, args) {
  titleBinding = { key, args };
  document.title = t(key, args);
}

function setArgs(el, args) {
  if (args && Object.keys(args).length) el.dataset.i18nArgs = JSON.stringify(args);
  else delete el.dataset.i18nArgs;
}

/** Re-renders every bound text under root in the current language. */
function translate(root) {
  const nodes = root.querySelectorAll ? [...root.querySelectorAll(SELECTOR)] : [];
  if (root.matches?.(SELECTOR)) nodes.push(root);
  for (const el of nodes) {
    let args = {};
    try { args = el.dataset.i18nArgs ? JSON.parse(el.dataset.i18nArgs) : {}; } catch { /* keep none */ }
    if (el.dataset.i18n) el.textContent = t(el.dataset.i18n, args);
    for (const name of ATTRS) {
      const key = el.getAttribute(`data-i18n-${name}`);
      if (key) el.setAttribute(name, t(key, args));
    }
  }
}

// ---- Intl formatting in the language shown ----

function formatters(code) {
  const number = new Intl.NumberFormat(code);
  const unit = (u) => new Intl.NumberFormat(code, { style: 'unit', unit: u, unitDisplay: 'long' });
  const minutes = unit('minute');
  const hours = unit('hour');
  const days = unit('day');
  const seconds = unit('second');
  const durations = typeof Intl.DurationFormat === 'function'
    ? new Intl.DurationFormat(code, { style: 'long' }) : null;
  const DATETIME = { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit' };
  const TIME = { hour: 'numeric', minute: '2-digit' };
  const datetime = zoned(code, DATETIME);
  const time = zoned(code, TIME);
  const timeSeconds = new Intl.DateTimeFormat(code, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
  const parts = (d) => {
    if (durations) return durations.format(d);
    const out = [];
    if (d.days) out.push(days.format(d.days));
    if (d.hours) out.push(hours.format(d.hours));
    if (d.minutes) out.push(minutes.format(d.minutes));
    return out.join(' ');
  };
  const date = (v) => {
    if (v && typeof v === 'object') return date(v.at);
    const ms = typeof v === 'number' ? v : Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  };
  const zoneOf = (v) => (v && typeof v === 'object' ? v.timeZone : null);
  return {
    plural: new Intl.PluralRules(code),
    number: (v) => (Number.isFinite(Number(v)) ? number.format(Number(v)) : String(v)),
    seconds: (v) => seconds.format(Math.max(0, Math.round(Number(v)))),
    datetime: (v) => { const ms = date(v); return ms == null ? String(v?.at ?? v) : datetime(ms, zoneOf(v)); },
    time: (v) => { const ms = date(v); return ms == null ? String(v?.at ?? v) : time(ms, zoneOf(v)); },
    timeSeconds: (v) => { const ms = date(v); return ms == null ? String(v) : timeSeconds.format(ms); },
    zoned: (v, zone) => { const ms = date(v); return ms == null ? String(v) : datetime(ms, zone || 'UTC'); },
    /** A rough span in words, from seconds: minutes under an hour, then hours and 5-minute steps, then days and hours. */
    duration(v) {
      const s = Math.max(0, Number(v) || 0);
      let min = Math.max(1, Math.round(s / 60));
      if (min < 60) return minutes.format(min);
      if (min < 24 * 60) {
        min = Math.round(min / 5) * 5;
        const h = Math.floor(min / 60);
        const m = min % 60;
        return parts(m ? { hours: h, minutes: m } : { hours: h });
      }
      const hTotal = Math.round(min / 60);
      const d = Math.floor(hTotal / 24);
      const h = hTotal % 24;
      return parts(h ? { days: d, hours: h } : { days: d });
    },
  };
}

/**
 * A date format in a time zone: format(ms, zone) in this device's zone when zone is null or not
 * a zone Intl knows; in another zone whose clock reads differently at that moment, the zone's
 * short name follows ("7:00 PM GMT+9"), so nobody mistakes the venue's time for their own.
 */
function zoned(code, options) {
  const local = new Intl.DateTimeFormat(code, options);
  const byZone = new Map(); // zone -> [without name, with name], or null for an unknown zone
  const formats = (zone) => {
    if (!byZone.has(zone)) {
      try {
        byZone.set(zone, [new Intl.DateTimeFormat(code, { ...options, timeZone: zone }),
          new Intl.DateTimeFormat(code, { ...options, timeZone: zone, timeZoneName: 'short' })]);
      } catch {
        byZone.set(zone, null);
      }
    }
    return byZone.get(zone);
  };
  return (ms, zone) => {
    const there = zone ? formats(zone) : null;
    if (!there) return local.format(ms);
    const plainThere = there[0].format(ms);
    return plainThere === local.format(ms) ? plainThere : there[1].format(ms);
  };
}

/** Milliseconds as m:ss, or h:mm:ss from an hour on (digits read the same in both languages). */
function clock(ms) {
  const total = Math.max(0, Math.ceil(Number(ms) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

// ---- remembering the choice (never throws: private modes and blocked storage just forget) ----

function readStored() {
  try { return window.localStorage?.getItem(STORE_KEY); } catch { return null; }
}
function writeStored(value) {
  try { window.localStorage?.setItem(STORE_KEY, value); } catch { /* ignore */ }
}
