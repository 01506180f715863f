// The versions evaluated, newest first, to step back to (kept in localStorage).
const KEY = 'aither.history';
const KEEP = 50;

export interface Version {
  /** ms since the epoch. */
  at: number;
  code: string;
}

export class History {
  private versions: Version[];

  constructor(private readonly storage: Storage) {
    try {
      this.versions = (JSON.parse(storage.getItem(KEY) ?? '[]') as Version[]).filter((v) => typeof v.code === 'string');
    } catch {
      this.versions = [];
    }
  }

  list(): readonly Version[] {
    return this.versions;
  }

  /** Adds an evaluated version (not twice in a row). */
  push(code: string, at = Date.now()): void {
    if (this.versions[0]?.code === code) return;
    this.versions = [{ at, code }, ...this.versions].slice(0, KEEP);
    try {
      this.storage.setItem(KEY, JSON.stringify(this.versions));
    } catch {
      // Storage full: the history lives on in memory for this visit.
    }
  }
}
