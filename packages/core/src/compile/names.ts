import type { NodeInfo } from '../kernel.js';

/**
 * What `uses` gives for a free reference, or undefined: `name`; `object.property`
 * with the object given (a table's `numbers.length`: the object, and the member
 * to read); or, for an import as bundlers write it (`ns.tap`), the property.
 */
export function given(free: string, uses: Readonly<Record<string, unknown>>): { value: unknown; member?: string } | undefined {
  const [object, property] = free.split('.') as [string, string?];
  if (object in uses) return property === undefined ? { value: uses[object] } : { value: uses[object], member: property };
  return property !== undefined && property in uses ? { value: uses[property] } : undefined;
}

/** A number as code that reads back the same double. */
export function literal(x: number): string {
  return Object.is(x, -0) ? '(-0)' : x < 0 ? `(${x})` : String(x);
}

/**
 * The functions and objects a loop refers to, numbered in the order the code
 * first asks for them: they become the constants `c0, c1, ...` of its closure.
 */
export class Constants {
  readonly values: unknown[] = [];

  /** The name of `x` in the loop's code. */
  ref(x: unknown): string {
    let i = this.values.indexOf(x);
    if (i < 0) i = this.values.push(x) - 1;
    return `c${i}`;
  }

  /** The code for a free name of a kernel's function: a number given in `uses` as a literal, anything else as a constant. */
  freeName(info: NodeInfo): (name: string) => string {
    return (n) => {
      const found = given(n, info.uses);
      const v = found?.value;
      const code = typeof v === 'number' ? literal(v) : this.ref(v);
      return found?.member ? `${code}.${found.member}` : code;
    };
  }
}

/** The function a free name of a kernel stands for, when it is one to write in (not a member of a given object). */
export function calleeOf(info: NodeInfo): (name: string) => unknown {
  return (n) => {
    const found = given(n, info.uses);
    return found && !found.member ? found.value : undefined;
  };
}
