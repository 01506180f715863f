// Hover docs: the TSDoc of the helper or verb under the pointer.
import { hoverTooltip } from '@codemirror/view';
import { docOf, renderDoc } from './docs.js';

export const helperHover = hoverTooltip((view, pos) => {
  const word = view.state.wordAt(pos);
  if (!word) return null;
  const doc = docOf(view.state.sliceDoc(word.from, word.to));
  if (!doc) return null;
  return { pos: word.from, end: word.to, above: true, create: () => ({ dom: renderDoc(doc) }) };
});
