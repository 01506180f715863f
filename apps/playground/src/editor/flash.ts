// The evaluated range flashes briefly: a mark decoration that a timer removes.
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { Range } from './paragraph.js';

const FLASH_MS = 350;
const setFlash = StateEffect.define<Range | null>();
const mark = Decoration.mark({ class: 'cm-flash' });

const flashField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setFlash)) continue;
      const range = effect.value;
      next = range && range.to > range.from ? Decoration.set([mark.range(range.from, range.to)]) : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export const flashExtension = [flashField];

const latest = new WeakMap<EditorView, number>();

/** Flashes `range` in `view`; a later flash replaces it (and is not cut short by this one's timer). */
export function flash(view: EditorView, range: Range): void {
  const generation = (latest.get(view) ?? 0) + 1;
  latest.set(view, generation);
  view.dispatch({ effects: setFlash.of(range) });
  setTimeout(() => {
    if (latest.get(view) === generation) view.dispatch({ effects: setFlash.of(null) });
  }, FLASH_MS);
}
