// The admin key of this browser tab, shared by the console's two views (live queue, set-up): kept
// in sessionStorage (this tab only, gone when it closes) and only once the server took it. Never
// throws: blocked storage just forgets.
const KEY_STORE = 'wr.operator.key';

const listeners = new Set();

export const adminKey = {
  kept() { try { return sessionStorage.getItem(KEY_STORE); } catch { return null; } },
  /** Keeps a key the server accepted, or forgets it (null); every view hears of it. */
  keep(value) {
    try { value == null ? sessionStorage.removeItem(KEY_STORE) : sessionStorage.setItem(KEY_STORE, value); } catch { /* ignore */ }
    listeners.forEach((fn) => fn(value));
  },
  /** Called with the key each time one is kept, and with null when it is forgotten. */
  onChange(fn) { listeners.add(fn); },
};
