import { describe, expect, it } from 'vitest';
import { actionOf, type KeyActions } from './keys.js';

const actions: KeyActions = { evaluate: () => {}, snippet: () => {}, hush: () => {}, panic: () => {} };
const press = (code: string, key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  actionOf({ code, key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods } as KeyboardEvent, actions);

describe('the performer’s keys, by physical key', () => {
  it('Ctrl or Cmd+Enter evaluates; Shift+Enter evaluates a snippet', () => {
    expect(press('Enter', 'Enter', { ctrlKey: true })).toBe(actions.evaluate);
    expect(press('NumpadEnter', 'Enter', { metaKey: true })).toBe(actions.evaluate);
    expect(press('Enter', 'Enter', { shiftKey: true })).toBe(actions.snippet);
    expect(press('Enter', 'Enter')).toBeUndefined();
  });

  it('Ctrl+. hushes on every layout: the key right of the comma key, whatever it types', () => {
    expect(press('Period', '.', { ctrlKey: true })).toBe(actions.hush); // QWERTY
    expect(press('Period', ':', { ctrlKey: true })).toBe(actions.hush); // AZERTY
    expect(press('Period', '.', { metaKey: true })).toBe(actions.hush); // macOS
    expect(press('Period', '>', { ctrlKey: true, shiftKey: true })).toBe(actions.panic);
    // AZERTY's '.' is Shift+; on another key: not the hush key.
    expect(press('Comma', '.', { ctrlKey: true })).toBeUndefined();
  });
});
