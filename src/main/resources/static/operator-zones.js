// Time zones for the box office set-up: the IANA names this browser knows (for the choice
// offered), and a venue's wall-clock time turned into the UTC instant the API wants and back,
// with the browser's own zone data (Intl): no library, no table of offsets of our own.

/** The browser's IANA zone names, UTC first; an older browser offers a few common ones. */
export function zoneNames() {
  let names = [];
  try { names = Intl.supportedValuesOf('timeZone'); } catch { /* older browser */ }
  if (!names.length) names = ['Asia/Seoul', 'Asia/Tokyo', 'Europe/London', 'America/New_York'];
  return ['UTC', ...names.filter((n) => n !== 'UTC')];
}

/** This device's zone: where an operator usually sits is where the concert usually is. */
export function deviceZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
}

/**
 * The zone as the list spells it ("asia/seoul" is "Asia/Seoul": the browser reads names in any
 * case, the server only in their own), or the name as typed when the list does not have it.
 */
export function spelledZone(name) {
  const wanted = String(name ?? '').trim();
  return zoneNames().find((z) => z.toLowerCase() === wanted.toLowerCase()) ?? wanted;
}

/** Whether the browser knows the zone (the server has the last word; this only catches typos early). */
export function isZone(name) {
  if (!name || /\s/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name }); // eslint-disable-line no-new
    return true;
  } catch {
    return false;
  }
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const formats = new Map();

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms, zone) {
  if (!formats.has(zone)) {
    formats.set(zone, new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }));
  }
  const p = Object.fromEntries(formats.get(zone).formatToParts(ms).map((x) => [x.type, x.value]));
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour % 24, minute: +p.minute, second: +p.second };
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms, zone) {
  const w = wallClock(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * A wall-clock time in a zone ("2027-03-01T19:00", as a datetime-local field gives it) as the
 * instant it names, or null when it is not such a time. Near a clock change it is read as the
 * server reads it (java.time): a time that happens twice is the earlier one, and a time the
 * change skips is read with the offset before the change (so it moves forward by the gap).
 */
export function wallToInstant(local, zone) {
  const m = WALL.exec(local || '');
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  if (Number.isNaN(wall)) return null;
  try {
    const HALF_DAY = 12 * 3600_000; // zones change their clocks at most once a day
    const before = offsetAt(wall - HALF_DAY, zone);
    const after = offsetAt(wall + HALF_DAY, zone);
    if (offsetAt(wall - before, zone) === before) return new Date(wall - before);
    if (offsetAt(wall - after, zone) === after) return new Date(wall - after);
    return new Date(wall - before);
  } catch {
    return null;
  }
}

/** An instant as the zone's wall-clock time, in the datetime-local form ("2027-03-01T19:00"). */
export function instantToWall(iso, zone) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  try {
    const w = wallClock(ms, zone);
    const p = (n, len = 2) => String(n).padStart(len, '0');
    return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
  } catch {
    return '';
  }
}
