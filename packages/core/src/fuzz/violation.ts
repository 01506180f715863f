/** A broken invariant of the runtime under test (as opposed to a bug of the fuzzer). */
export class Violation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Violation';
  }
}

export function violation(message: string): never {
  throw new Violation(message);
}
