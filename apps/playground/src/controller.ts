// What the keys and buttons do: evaluate (whole session or snippet), hush,
// panic, play/stop, and switch venues. One code path for every venue: the
// reply, the error mark and the console look the same wherever it plays.
import type { EditorView } from '@codemirror/view';
import { flash, markError, snippetRange, type ErrorMark } from './editor/index.js';
import type { History } from './session/index.js';
import type { PlaygroundState } from './state.js';
import type { Console } from './ui/console.js';
import { BrowserVenue, ServerVenue, type ServerConnection, type Venue, type VenueEvents } from './venues/index.js';

export type VenueChoice = 'browser' | 'portaudio' | 'speaker' | `server:${string}`;

export class Controller {
  venue: Venue | undefined;
  private opening: Promise<Venue | undefined> | undefined;

  constructor(
    private readonly view: EditorView,
    readonly state: PlaygroundState,
    private readonly console: Console,
    private readonly history: History,
    private readonly connection: () => ServerConnection | undefined,
    private readonly changed: () => void,
  ) {}

  private events(): VenueEvents {
    return {
      stats: (stats) => {
        this.state.stats = stats;
      },
      fault: (fault) => {
        this.state.faults.push(fault);
        this.console.add('fault', `${fault.signal}: ${fault.message}`);
      },
      closed: (reason) => {
        this.note(reason, 'error');
        this.venue = undefined;
        this.describeVenue();
      },
    };
  }

  private note(text: string, tone: 'info' | 'error' = 'info'): void {
    this.state.notice = text;
    this.console.add(tone, text);
    this.changed();
  }

  private describeVenue(): void {
    const v = this.venue;
    this.state.venue = v ? { kind: v.kind, sink: v.sink, label: v.label, running: v.running, sampleRate: v.sampleRate } : null;
    this.changed();
  }

  /** Closes the current venue and opens `choice`; a server venue needs the connection `aither serve` printed. */
  async choose(choice: VenueChoice): Promise<Venue | undefined> {
    const previous = this.venue;
    this.venue = undefined;
    this.state.stats = undefined;
    if (previous) await previous.close().catch(() => {});
    this.opening = this.open(choice);
    const venue = await this.opening;
    this.venue = venue;
    this.describeVenue();
    return venue;
  }

  private async open(choice: VenueChoice): Promise<Venue | undefined> {
    try {
      if (choice === 'browser') return await BrowserVenue.open(this.events());
      const connection = this.connection();
      if (!connection) {
        this.note(
          `No server to drive: run \`pnpm aither serve --sink ${choice === 'speaker' ? 'speaker' : choice === 'portaudio' ? 'portaudio' : 'null'}\` and open the playground address it prints (it carries the port and token).`,
          'error',
        );
        return undefined;
      }
      const venue = await ServerVenue.open(connection, this.events());
      const wanted = choice.startsWith('server:') ? choice.slice(7) : choice;
      const other = wanted !== '' && venue.sink !== wanted;
      this.note(`Connected to ${venue.label}${other ? `; it plays through '${venue.sink}' (restart it with --sink ${wanted} for ${wanted})` : ''}.`);
      return venue;
    } catch (error) {
      this.note((error as Error).message, 'error');
      return undefined;
    }
  }

  private async current(): Promise<Venue | undefined> {
    if (!this.venue && this.opening) await this.opening;
    return this.venue;
  }

  async togglePlay(): Promise<void> {
    const venue = await this.current();
    if (!venue) return;
    if (venue.running && venue.kind === 'browser') await venue.stop();
    else await venue.start();
    this.describeVenue();
  }

  /** Ctrl+Enter (`session`) or Shift+Enter (`snippet`): evaluate, flash the range, mark an error at its place. */
  async evaluate(mode: 'session' | 'snippet', pressedAt = performance.now()): Promise<void> {
    const state = this.view.state;
    const range = mode === 'session' ? { from: 0, to: state.doc.length } : snippetRange(state);
    const code = state.sliceDoc(range.from, range.to);
    flash(this.view, range);
    this.state.flashes.push({ ...range, text: code });
    const venue = await this.current();
    if (!venue) return;
    // A key press is a gesture: the first evaluation also starts the sound.
    if (!venue.running) await venue.start();
    const reply = await venue.evaluate(code, mode, pressedAt).catch((error: Error) => ({ ok: false as const, message: error.message }));
    this.state.evaluations++;
    this.state.lastReply = { ...reply, mode };
    if (reply.ok) {
      this.state.error = undefined;
      if (reply.audibleMs !== undefined) this.state.audibleMs = reply.audibleMs;
      markError(this.view, null);
      this.console.showError(undefined);
      this.history.push(state.doc.toString());
      const heard = reply.audibleMs === undefined ? '' : `, heard ${reply.audibleMs.toFixed(0)} ms after the key`;
      this.console.add('info', `${mode === 'session' ? 'evaluated' : 'snippet'}: ${reply.registered.join(', ') || 'no signals'}${heard}`);
    } else {
      const mark = this.placeError(reply, range.from);
      this.state.error = mark;
      markError(this.view, mark ?? null);
      // The engine's message names the place when it knows it; a snippet's place is given in the document's lines.
      const where = mark && (mode === 'snippet' || !/ at line \d+/.test(reply.message)) ? `line ${mark.line}${mark.column ? `, column ${mark.column}` : ''}: ` : '';
      this.console.showError(`${where}${reply.message} — the previous code plays on.`);
      this.console.add('error', `${where}${reply.message}`);
    }
    this.describeVenue();
  }

  /** The error's place in the document (a snippet's lines start where the snippet does). */
  private placeError(reply: { message: string; line?: number; column?: number }, from: number): ErrorMark | undefined {
    if (reply.line === undefined) return undefined;
    const start = this.view.state.doc.lineAt(from);
    const line = start.number + reply.line - 1;
    const column = reply.column === undefined ? undefined : reply.line === 1 ? reply.column + (from - start.from) : reply.column;
    return { message: reply.message, line, ...(column === undefined ? {} : { column }) };
  }

  async hush(): Promise<void> {
    const venue = await this.current();
    this.state.hushes++;
    await venue?.hush();
    this.console.add('info', 'hush');
  }

  async panic(): Promise<void> {
    const venue = await this.current();
    this.state.panics++;
    await venue?.panic();
    this.console.add('info', 'panic: everything stopped');
  }
}
