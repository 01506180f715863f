// The console under the editor: the latest evaluation's error (it stays
// until the next evaluation), faults by signal name, and short notes.
import { h } from './dom.js';

export type Tone = 'error' | 'fault' | 'info';

export class Console {
  private readonly error: HTMLElement;
  private readonly log: HTMLElement;

  constructor(root: HTMLElement) {
    this.error = h('div', { id: 'error-panel', class: 'hidden' });
    this.log = h('ul', { id: 'log' });
    root.append(this.error, this.log);
  }

  /** Shows the evaluation error (or clears it). */
  showError(text: string | undefined): void {
    this.error.textContent = text ?? '';
    this.error.classList.toggle('hidden', text === undefined);
  }

  add(tone: Tone, text: string): void {
    const item = h('li', { class: tone }, h('time', {}, new Date().toLocaleTimeString()), ` ${text}`);
    this.log.prepend(item);
    while (this.log.childElementCount > 100) this.log.lastElementChild!.remove();
  }
}
