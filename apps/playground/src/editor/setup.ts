// The editor: CodeMirror's basic setup, JavaScript, and Aither's features
// (keys, flash, error marks, helper completion and hover docs).
import { javascript } from '@codemirror/lang-javascript';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { helperCompletion } from './completion.js';
import { errorExtension } from './errors.js';
import { flashExtension } from './flash.js';
import { helperHover } from './hover.js';
import { performerKeys, type KeyActions } from './keys.js';
import { theme } from './theme.js';

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  keys: KeyActions;
  /** Called with the whole text after every change (autosave). */
  changed(text: string): void;
}

export function createEditor(options: EditorOptions): EditorView {
  return new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        performerKeys(options.keys),
        basicSetup,
        javascript(),
        helperCompletion,
        helperHover,
        errorExtension,
        flashExtension,
        theme,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.changed(update.state.doc.toString());
        }),
      ],
    }),
  });
}

/** Replaces the whole text (an example, a version from the history, a shared link). */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
