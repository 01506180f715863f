// An evaluation's error marked where it is: a marker in the gutter, the line
// tinted, and the token at the column underlined. The old code plays on; the
// mark stays (moving with edits) until the next evaluation.
import { RangeSet, StateEffect, StateField, type EditorState } from '@codemirror/state';
import { Decoration, EditorView, gutter, GutterMarker, type DecorationSet } from '@codemirror/view';

export interface ErrorMark {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based; the whole line when absent. */
  column?: number;
}

const setError = StateEffect.define<ErrorMark | null>();

class ErrorMarker extends GutterMarker {
  constructor(readonly message: string) {
    super();
  }
  override eq(other: GutterMarker): boolean {
    return other instanceof ErrorMarker && other.message === this.message;
  }
  override toDOM(): Node {
    const dot = document.createElement('span');
    dot.className = 'cm-error-marker';
    dot.textContent = '●';
    dot.title = this.message;
    return dot;
  }
}

/** Keeps the gutter one marker wide when no line has an error. */
class Spacer extends GutterMarker {
  override toDOM(): Node {
    const dot = document.createElement('span');
    dot.textContent = '●';
    return dot;
  }
}

interface Marks {
  decorations: DecorationSet;
  gutter: RangeSet<GutterMarker>;
}

const NONE: Marks = { decorations: Decoration.none, gutter: RangeSet.empty };

/** The token's extent at `pos` (at least one character of the line, when the line has any). */
function tokenAt(state: EditorState, pos: number): { from: number; to: number } {
  const line = state.doc.lineAt(pos);
  const word = state.wordAt(pos);
  if (word && word.from >= line.from && word.to <= line.to) return word;
  if (pos < line.to) return { from: pos, to: pos + 1 };
  return { from: Math.max(line.from, line.to - 1), to: line.to };
}

function marksOf(state: EditorState, error: ErrorMark): Marks {
  const lineNo = Math.min(Math.max(error.line, 1), state.doc.lines);
  const line = state.doc.line(lineNo);
  const at = error.column === undefined ? undefined : Math.min(line.from + error.column - 1, line.to);
  const span = at === undefined ? { from: line.from, to: line.to } : tokenAt(state, at);
  const ranges = [Decoration.line({ class: 'cm-error-line', attributes: { title: error.message } }).range(line.from)];
  if (span.to > span.from) ranges.push(Decoration.mark({ class: 'cm-error-underline', attributes: { title: error.message } }).range(span.from, span.to));
  return { decorations: Decoration.set(ranges, true), gutter: RangeSet.of([new ErrorMarker(error.message).range(line.from)]) };
}

const errorField = StateField.define<Marks>({
  create: () => NONE,
  update(value, tr) {
    let next = tr.docChanged ? { decorations: value.decorations.map(tr.changes), gutter: value.gutter.map(tr.changes) } : value;
    for (const effect of tr.effects) if (effect.is(setError)) next = effect.value ? marksOf(tr.state, effect.value) : NONE;
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (marks) => marks.decorations),
});

export const errorExtension = [errorField, gutter({ class: 'cm-error-gutter', markers: (view) => view.state.field(errorField).gutter, initialSpacer: () => new Spacer() })];

/** Marks `error` in `view`, or clears the mark (null). */
export function markError(view: EditorView, error: ErrorMark | null): void {
  view.dispatch({ effects: setError.of(error) });
}
