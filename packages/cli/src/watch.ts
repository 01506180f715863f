import { readFile } from 'node:fs/promises';
import { watch, type FSWatcher } from 'chokidar';

/**
 * Calls `changed(text)` whenever the file's content changes: written in
 * place, or replaced by rename (vim, many editors' atomic save), or deleted
 * and written again. Identical rewrites are ignored. A read that fails (the
 * moment between a rename's two steps) waits for the next event.
 */
export function watchFile(file: string, initial: string, changed: (text: string) => void): { ready: Promise<void>; close(): Promise<void> } {
  let last = initial;
  const watcher: FSWatcher = watch(file, {
    ignoreInitial: true,
    atomic: true,
    awaitWriteFinish: { stabilityThreshold: 20, pollInterval: 5 },
  });
  const read = async (): Promise<void> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return;
    }
    if (text === last) return;
    last = text;
    changed(text);
  };
  watcher.on('change', read);
  watcher.on('add', read);
  const ready = new Promise<void>((resolve) => watcher.once('ready', resolve));
  return { ready, close: () => watcher.close() };
}
