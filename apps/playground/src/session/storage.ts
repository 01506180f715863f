// Autosave: the editor's text in localStorage, written a moment after typing stops.
const KEY = 'aither.session';
const DELAY_MS = 300;

export function loadSession(storage: Storage): string | undefined {
  return storage.getItem(KEY) ?? undefined;
}

/** A saver to call on every change; it writes at most once per pause. */
export function autosaver(storage: Storage): (text: string) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (text) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => storage.setItem(KEY, text), DELAY_MS);
  };
}
