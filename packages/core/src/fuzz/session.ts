// A session operation as code, and what the runtime must do with it: the
// statements are simulated in order (verbs apply in order at commit) to
// predict the error (kind and line) or the signals playing afterwards.
import { registerLine, signalCode, type Ref } from './codegen.js';
import { ANY, FADES, NAMES, STOPPABLE, TYPOS, type Item, type Op, type SignalSpec } from './ops.js';
import { GLOBALS, globalKey, INSTALLS, installName, LATE_KEY } from './resources.js';
import { WITNESS_LINES } from './witness.js';

/** Whether this engine refuses regex modifiers that acorn parses (Node 20 does). */
export const ENGINE_REJECTS_REGEX = (() => {
  try {
    new Function('return /(?i:a)/');
    return false;
  } catch {
    return true;
  }
})();

export type Expectation =
  | {
      readonly ok: true;
      /** Names registered, in order. */
      readonly registered: ReadonlySet<string>;
      /** What list() holds afterwards. */
      readonly playing: ReadonlySet<string>;
      /** Stops of names that never existed: each must be in result.warnings. */
      readonly typoStops: readonly string[];
      /** The spec each random name was last registered with. */
      readonly specs: ReadonlyMap<string, SignalSpec>;
      /** The late signal the session leaves on globalThis, if any. */
      readonly late: { readonly name: string; readonly sig: SignalSpec } | null;
    }
  | {
      readonly ok: false;
      /**
       * The failures the code holds; the SessionError must be one of them. Run-time
       * failures (the code ran up to them) are all acceptable: whether a verb on a
       * missing name is refused while the code runs or before it commits is not
       * specified, and an exhaustion anywhere is acceptable too.
       */
      readonly failures: readonly Failure[];
    };

export interface Failure {
  readonly why: string;
  readonly line: number;
  /** Text the SessionError's message must contain. */
  readonly says?: string;
  readonly phase: 'parse' | 'compile' | 'run';
}

export interface SessionPlan {
  readonly code: string;
  readonly mode: 'session' | 'snippet';
  readonly expect: Expectation;
}

export interface SessionContext {
  /** Names that are signals of A now (playing, fading, muted, faulted). */
  readonly records: ReadonlySet<string>;
  readonly playing: ReadonlySet<string>;
  readonly installed: ReadonlySet<number>;
  readonly frame: number;
  /** Planning a fix: signals are rendered with their NaN modulator made finite. */
  readonly fixed?: boolean;
  /** False: verbs naming no signal (and solo(42)) are left out of the code. */
  readonly verbsOnMissingNames: boolean;
}

type Line = { code: string; sim: Sim };
type Sim =
  | { t: 'none' }
  | { t: 'register'; name: string; sig: SignalSpec | null }
  | { t: 'stop'; name: string }
  | { t: 'flag'; names: string[] | null }
  | { t: 'clear' }
  | { t: 'late'; name: string; sig: SignalSpec }
  | { t: 'fail'; why: string; says?: string; phase: 'parse' | 'compile' | 'run' };

const fadeArg = (fade: number): string => {
  const f = FADES[fade % FADES.length];
  return f === undefined ? '' : `, ${f}`;
};

export function planSession(op: Extract<Op, { kind: 'session' }>, ctx: SessionContext): SessionPlan {
  const snippet = op.snippet;
  const lines: Line[] = [];
  const refs: Ref[] = [];
  const globalsDeclared = new Set<number>();
  op.decls.forEach((d, k) => {
    if (d.t === 'shared') {
      const code = d.kernel
        ? d.part.kind === 'ramp'
          ? `kramp(${0.2 + d.part.p})`
          : d.part.kind === 'sentinel'
            ? `ksentinel(${1 + d.part.p})`
            : `kint(kramp(${0.3 + d.part.p}))`
        : d.part.kind === 'ramp'
          ? `probe(${0.2 + d.part.p})`
          : d.part.kind === 'sentinel'
            ? `psent(${1 + d.part.p})`
            : `pint(probe(${0.3 + d.part.p}))`;
      lines.push({ code: `const sh${k} = ${code};`, sim: { t: 'none' } });
      refs.push({ code: `sh${k}`, kernel: d.kernel });
    } else {
      const slot = d.slot % GLOBALS.length;
      if (globalsDeclared.has(slot)) return;
      globalsDeclared.add(slot);
      lines.push({ code: `const gl${slot} = (globalThis.${globalKey(slot)} ??= ${GLOBALS[slot]!.code});`, sim: { t: 'none' } });
      refs.push({ code: `gl${slot}`, kernel: GLOBALS[slot]!.kernel });
    }
  });
  for (const which of [...ctx.installed].sort()) refs.push({ code: installName(which), kernel: INSTALLS[which]!.kernel });

  const items: Array<Item | 'witness'> = [...op.items];
  if (!snippet) items.splice(Math.min(op.witnessAt, items.length), 0, 'witness');
  let witnessSeen = false;
  /** Names a verb may name at this point of the code. */
  const known = new Set(ctx.records);
  const keep = (names: readonly string[] | null): boolean => ctx.verbsOnMissingNames || (names?.every((n) => known.has(n)) ?? false);
  for (const item of items) {
    if (item === 'witness') {
      witnessSeen = true;
      known.add('w1').add('w2');
      lines.push({ code: WITNESS_LINES[0]!, sim: { t: 'register', name: 'w1', sig: null } });
      lines.push({ code: WITNESS_LINES[1]!, sim: { t: 'register', name: 'w2', sig: null } });
      continue;
    }
    switch (item.t) {
      case 'sig': {
        const name = NAMES[item.sig.name % NAMES.length]!;
        const code = signalCode(item.sig, refs, ctx.frame, ctx.fixed);
        known.add(name);
        lines.push({ code: registerLine(name, item.sig, code), sim: { t: 'register', name, sig: item.sig } });
        break;
      }
      case 'stop': {
        const name = STOPPABLE[item.name % STOPPABLE.length]!;
        const args = item.verb === 'stop' ? fadeArg(item.fade) : '';
        lines.push({ code: `${item.verb}('${name}'${args});`, sim: { t: 'stop', name } });
        break;
      }
      case 'flag': {
        const name = ANY[item.name % ANY.length]!;
        if (!keep([name])) break;
        lines.push({ code: `${item.verb}('${name}'${fadeArg(item.fade)});`, sim: { t: 'flag', names: [name] } });
        break;
      }
      case 'solo': {
        if (item.names === 'number') {
          if (!keep(null)) break;
          lines.push({ code: 'solo(42);', sim: { t: 'flag', names: null } });
        } else {
          const names = [...new Set(item.names.map((i) => ANY[i % ANY.length]!))];
          if (!keep(names)) break;
          const arg = names.length === 1 ? `'${names[0]}'` : `[${names.map((n) => `'${n}'`).join(', ')}]`;
          lines.push({ code: `solo(${arg});`, sim: { t: 'flag', names } });
        }
        break;
      }
      case 'unsolo':
        lines.push({ code: 'unsolo();', sim: { t: 'none' } });
        break;
      case 'clear':
        // clear() would stop the witnesses: only before they are registered, and never in a snippet.
        if (!snippet && !witnessSeen) lines.push({ code: `clear(${(FADES[item.fade % FADES.length] ?? '').toString()});`, sim: { t: 'clear' } });
        break;
      case 'late': {
        const name = NAMES[item.sig.name % NAMES.length]!;
        const sig: SignalSpec = { ...item.sig, nan: null, share: [] };
        const code = signalCode(sig, [], ctx.frame);
        const fade = FADES[sig.fade % FADES.length];
        const call = `play('${name}', ${code.expr}${fade === undefined ? '' : `, ${fade}`});`;
        lines.push({ code: `globalThis.${LATE_KEY} = () => { ${code.decls} ${call} };`, sim: { t: 'late', name, sig } });
        break;
      }
    }
  }
  if (op.fail) {
    const at = Math.min(op.fail.at, lines.length);
    const fail: Line = (() => {
      switch (op.fail.t) {
        case 'syntax':
          return { code: `play('a', ;`, sim: { t: 'fail', why: 'syntax error', phase: 'parse' } };
        case 'throw':
          return { code: `throw new Error('fuzz: thrown at top level');`, sim: { t: 'fail', why: 'top-level throw', says: 'thrown at top level', phase: 'run' } };
        case 'huge':
          return { code: `play('a', use([], sentinel(1000000)));`, sim: { t: 'fail', why: 'exhaustion', says: 'exhausted', phase: 'run' } };
        case 'verbTypo':
          return { code: `mtue('a');`, sim: { t: 'fail', why: 'misspelt verb', says: 'mtue', phase: 'run' } };
        case 'regex':
          return ENGINE_REJECTS_REGEX
            ? { code: `const re = /(?i:a)/;`, sim: { t: 'fail', why: 'regex the engine cannot compile', phase: 'compile' } }
            : { code: `const re = /(?i:a)/;`, sim: { t: 'none' } };
      }
    })();
    lines.splice(at, 0, fail);
  }
  return { code: lines.map((l) => l.code).join('\n'), mode: snippet ? 'snippet' : 'session', expect: simulate(lines, ctx, snippet) };
}

function simulate(lines: readonly Line[], ctx: SessionContext, snippet: boolean): Expectation {
  // Errors found before anything runs come first.
  for (const phase of ['parse', 'compile'] as const) {
    const i = lines.findIndex((l) => l.sim.t === 'fail' && l.sim.phase === phase);
    if (i >= 0) {
      const sim = lines[i]!.sim as Extract<Sim, { t: 'fail' }>;
      return { ok: false, failures: [{ why: sim.why, line: i + 1, phase, ...(sim.says ? { says: sim.says } : {}) }] };
    }
  }
  const failures: Failure[] = [];
  const registered = new Set<string>();
  const playing = new Set(ctx.playing);
  const typoStops: string[] = [];
  const specs = new Map<string, SignalSpec>();
  let late: { name: string; sig: SignalSpec } | null = null;
  const known = (name: string) => ctx.records.has(name) || registered.has(name);
  for (let i = 0; i < lines.length; i++) {
    const sim = lines[i]!.sim;
    const line = i + 1;
    switch (sim.t) {
      case 'fail':
        failures.push({ why: sim.why, line, phase: 'run', ...(sim.says ? { says: sim.says } : {}) });
        // The code stops here: nothing after it runs.
        return { ok: false, failures };
      case 'register':
        registered.add(sim.name);
        playing.add(sim.name);
        if (sim.sig) specs.set(sim.name, sim.sig);
        break;
      case 'stop':
        playing.delete(sim.name);
        if ((TYPOS as readonly string[]).includes(sim.name)) typoStops.push(sim.name);
        break;
      case 'flag': {
        if (sim.names === null) {
          failures.push({ why: 'solo of a number', line, says: 'must be a signal name', phase: 'run' });
          break;
        }
        const missing = sim.names.find((n) => !known(n));
        if (missing !== undefined) failures.push({ why: `verb on a missing name`, line, says: `no signal named '${missing}'`, phase: 'run' });
        break;
      }
      case 'clear':
        playing.clear();
        break;
      case 'late':
        late = { name: sim.name, sig: sim.sig };
        break;
      case 'none':
        break;
    }
  }
  if (failures.length > 0) return { ok: false, failures };
  if (!snippet) for (const n of [...playing]) if (!registered.has(n)) playing.delete(n);
  return { ok: true, registered, playing, typoStops, specs, late };
}
