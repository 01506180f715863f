// What Shift+Enter evaluates: the selection, else the paragraph under the
// cursor (the lines between the nearest blank lines above and below).
import type { EditorState } from '@codemirror/state';

export interface Range {
  from: number;
  to: number;
}

const blank = (text: string) => text.trim() === '';

export function snippetRange(state: EditorState): Range {
  const selection = state.selection.main;
  if (!selection.empty) return { from: selection.from, to: selection.to };
  const doc = state.doc;
  const here = doc.lineAt(selection.head);
  if (blank(here.text)) return { from: here.from, to: here.from };
  let first = here.number;
  let last = here.number;
  while (first > 1 && !blank(doc.line(first - 1).text)) first--;
  while (last < doc.lines && !blank(doc.line(last + 1).text)) last++;
  return { from: doc.line(first).from, to: doc.line(last).to };
}
