// The performer's keys, matched on the physical key (`event.code`), so that
// Ctrl+. is the same key on AZERTY (where it types ':' or ';') as on QWERTY.
import { Prec } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

export interface KeyActions {
  /** Ctrl/Cmd+Enter: the whole session. */
  evaluate(): void;
  /** Shift+Enter: the selection or the paragraph, as a snippet. */
  snippet(): void;
  /** Ctrl/Cmd+.: fade everything out. */
  hush(): void;
  /** Ctrl/Cmd+Shift+.: stop everything at once. */
  panic(): void;
}

/** The action of a key press, or undefined for any other key. */
export function actionOf(event: KeyboardEvent, actions: KeyActions): (() => void) | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const enter = event.code === 'Enter' || event.code === 'NumpadEnter';
  if (enter && mod && !event.shiftKey && !event.altKey) return actions.evaluate;
  if (enter && event.shiftKey && !mod && !event.altKey) return actions.snippet;
  if (event.code === 'Period' && mod && !event.altKey) return event.shiftKey ? actions.panic : actions.hush;
  return undefined;
}

function handle(event: KeyboardEvent, actions: KeyActions): boolean {
  const action = actionOf(event, actions);
  if (!action) return false;
  event.preventDefault();
  action();
  return true;
}

/** The keys inside the editor, ahead of its own bindings (Shift+Enter would insert a line). */
export function performerKeys(actions: KeyActions) {
  return Prec.highest(EditorView.domEventHandlers({ keydown: (event) => handle(event, actions) }));
}

/** The same keys anywhere on the page (focus on a button, a meter). */
export function pageKeys(target: Window, actions: KeyActions): void {
  target.addEventListener('keydown', (event) => {
    if (!event.defaultPrevented) handle(event, actions);
  });
}
