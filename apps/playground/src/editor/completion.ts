// Completion of every installed helper and session verb, with its docs, and
// of the session's own names (the language's local completion).
import { autocompletion, type Completion, type CompletionContext } from '@codemirror/autocomplete';
import { localCompletionSource } from '@codemirror/lang-javascript';
import { HELPER_DOCS, renderDoc } from './docs.js';

const OPTIONS: Completion[] = HELPER_DOCS.map((doc) => ({
  label: doc.name,
  type: doc.kind === 'verb' ? 'keyword' : 'function',
  detail: doc.signature.slice(doc.name.length),
  info: () => renderDoc(doc),
  boost: doc.kind === 'verb' ? 1 : 0,
}));

function helperSource(context: CompletionContext) {
  const word = context.matchBefore(/[\w$]+/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  // Not after a dot: `Math.s` is not a helper.
  if (word.from > 0 && context.state.sliceDoc(word.from - 1, word.from) === '.') return null;
  return { from: word.from, options: OPTIONS, validFor: /^[\w$]*$/ };
}

export const helperCompletion = autocompletion({ override: [helperSource, localCompletionSource], activateOnTyping: true });
