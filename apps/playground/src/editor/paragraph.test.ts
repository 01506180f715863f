import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { snippetRange } from './paragraph.js';

const doc = "play('a', osc(220))\n\nplay('b', pipe(osc(330),\n  x => gain(x, 0.1)))\n\nplay('c', osc(1))";
const at = (pos: number, to = pos) => EditorState.create({ doc, selection: EditorSelection.single(pos, to) });
const text = (state: EditorState) => {
  const r = snippetRange(state);
  return state.sliceDoc(r.from, r.to);
};

describe('the snippet under the cursor', () => {
  it('is the paragraph around the cursor, from blank line to blank line', () => {
    expect(text(at(doc.indexOf('x =>')))).toBe("play('b', pipe(osc(330),\n  x => gain(x, 0.1)))");
    expect(text(at(0))).toBe("play('a', osc(220))");
    expect(text(at(doc.length))).toBe("play('c', osc(1))");
  });

  it('is the selection when there is one, and nothing on a blank line', () => {
    expect(text(at(0, 4))).toBe('play');
    expect(text(at(doc.indexOf('\n\n') + 1))).toBe('');
  });
});
