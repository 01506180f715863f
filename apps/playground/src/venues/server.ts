// A server venue: a local `aither serve` (its sink PortAudio, Speaker or
// null) driven over its WebSocket with the messages of @aither/host. The
// token rides in a sub-protocol (a page cannot set headers); the server also
// checks this page's Origin.
import type { EvaluateReply, Hello, Message } from '@aither/host';
import type { ServerConnection } from './connection.js';
import type { Venue, VenueEvents, VenueReply } from './venue.js';

const V = 1;

export class ServerVenue implements Venue {
  readonly kind = 'server';
  readonly running = true;
  private nextId = 0;
  private readonly pending = new Map<number, (m: Message) => void>();

  private constructor(
    private readonly socket: WebSocket,
    private readonly hello: Hello,
  ) {}

  /** Connects and waits for the server's hello; rejects when refused (wrong token or Origin) or unreachable. */
  static open(connection: ServerConnection, events: VenueEvents, timeoutMs = 5000): Promise<ServerVenue> {
    const socket = new WebSocket(`ws://127.0.0.1:${connection.port}/v1/ws`, ['aither.v1', `aither.token.${connection.token}`]);
    return new Promise((resolve, reject) => {
      let venue: ServerVenue | undefined;
      const timer = setTimeout(() => {
        reject(new Error(`aither serve on port ${connection.port} did not answer`));
        socket.close();
      }, timeoutMs);
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as Message;
        if (!venue) {
          if (message.type !== 'hello') return;
          clearTimeout(timer);
          venue = new ServerVenue(socket, message);
          resolve(venue);
          return;
        }
        venue.receive(message, events);
      };
      socket.onclose = (event) => {
        clearTimeout(timer);
        const reason = `aither serve on port ${connection.port} ${venue ? 'closed the connection' : 'refused the connection (token or origin) or is not running'} (code ${event.code})`;
        if (!venue) reject(new Error(reason));
        else {
          for (const settle of venue.pending.values()) settle({ v: V, type: 'error', message: reason });
          venue.pending.clear();
          events.closed(reason);
        }
      };
    });
  }

  get sink(): string {
    return this.hello.sink;
  }

  get sampleRate(): number {
    return this.hello.sampleRate;
  }

  get label(): string {
    return `${this.hello.venue} → ${this.hello.sink} (${this.hello.sampleRate} Hz)`;
  }

  private receive(message: Message, events: VenueEvents): void {
    if (message.type === 'stats' && message.id === undefined) events.stats(message.meters);
    else if (message.type === 'fault') events.fault(message.fault);
    const id = (message as { id?: number }).id;
    const settle = id === undefined ? undefined : this.pending.get(id);
    if (settle) {
      this.pending.delete(id!);
      settle(message);
    }
  }

  private request(body: Record<string, unknown>): Promise<Message> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.type === 'error' ? reject(new Error(m.message)) : resolve(m)));
      this.socket.send(JSON.stringify({ v: V, id, ...body }));
    });
  }

  async start(): Promise<void> {}

  /** The server keeps playing for its other editors: stopping here fades this session out. */
  async stop(): Promise<void> {
    await this.hush();
  }

  async evaluate(code: string, mode: 'session' | 'snippet'): Promise<VenueReply> {
    const m = await this.request({ type: 'evaluate', code, mode });
    return (m as { reply: EvaluateReply }).reply;
  }

  async hush(): Promise<void> {
    await this.request({ type: 'hush', fadeSeconds: 0.1 });
  }

  async panic(): Promise<void> {
    await this.request({ type: 'panic' });
  }

  async close(): Promise<void> {
    this.socket.onclose = null;
    this.socket.close();
  }
}
