import { parseExpressionAt, type Node } from 'acorn';

/**
 * Kernel functions read as source, so the compiler can write them into a
 * signal's loop instead of calling them.
 *
 * Why: a called step keeps its state in the helper pool, so every frame goes
 * through a store and a load of each state slot. On a filter's recursion that
 * round trip through memory is on the critical path: a chain runs ~1.8× a hand
 * loop that keeps the same state in local variables. Written into the loop,
 * a kernel's slots `m[o + K]` become locals loaded at the start of a block and
 * stored at its end, and its inputs become the literal numbers or values they
 * are, which V8 then folds.
 *
 * A function is parsed once (cached by identity) into a list of edits; each
 * instance renders the edits with its own names, offsets and inputs.
 */

/** A place in the function's source that each instance writes its own way. */
type Edit =
  /** An identifier: parameter `index` (0 = m, 1 = o, 2 = s, 3.. = inputs), a local, or a free name. */
  | { readonly at: number; readonly end: number; readonly kind: 'param'; readonly index: number }
  | { readonly at: number; readonly end: number; readonly kind: 'local'; readonly name: string }
  | { readonly at: number; readonly end: number; readonly kind: 'free'; readonly name: string }
  /** `m[o + K]`: a state slot at a literal offset. */
  | { readonly at: number; readonly end: number; readonly kind: 'slot'; readonly slot: number }
  /** `return x;` → assign the output and leave (the text from `at` to the argument, and after it). */
  | { readonly at: number; readonly end: number; readonly kind: 'return-head'; readonly last: boolean }
  | { readonly at: number; readonly end: number; readonly kind: 'return-tail'; readonly last: boolean }
  /** `return;` (in a prepare): leave. */
  | { readonly at: number; readonly end: number; readonly kind: 'return-bare' }
  /** `s.ch`: the channel this copy of the code computes, a number. */
  | { readonly at: number; readonly end: number; readonly kind: 'channel' }
  /** `s.sr` or `s.dt`: constants of the runtime, written as numbers so that V8 folds what depends on them. */
  | { readonly at: number; readonly end: number; readonly kind: 'rate'; readonly inverse: boolean }
  /**
   * A statement that is a call of a module function: `f(a, b);` or `const v = f(a, b);`. The
   * function's own source is written in instead, when it can be (then V8 need not inline it: its
   * inlining budget is per loop, and a stereo chain of several helpers can exhaust it).
   */
  | {
      readonly at: number;
      readonly end: number;
      readonly kind: 'inline-call';
      readonly callee: string;
      readonly args: ReadonlyArray<readonly [number, number]>;
      /** The local a declaration gives the result to, or null for a call statement. */
      readonly target: string | null;
      /** One of the arguments is the memory itself. */
      readonly handsMemory: boolean;
    }
  /** A call that is handed `m`: promoted slots are written back before it and read again after. */
  | { readonly at: number; readonly end: number; readonly kind: 'sync-open' }
  | { readonly at: number; readonly end: number; readonly kind: 'sync-close' };

/** A kernel function as the compiler can write it in, or why it cannot. */
export interface Parsed {
  readonly text: string;
  /** The body's range in `text` (a block with its braces, or an expression). */
  readonly body: readonly [number, number];
  readonly expression: boolean;
  readonly params: readonly string[];
  readonly edits: readonly Edit[];
  /**
   * Names the function reads from its module: each must be given by the kernel's
   * `uses`. `ns.name` (an import, as bundlers write it) stands for `name`, and
   * `table.length` for `table`.
   */
  readonly free: ReadonlySet<string>;
  /** State slots it reads or writes at a literal offset. */
  readonly slots: ReadonlySet<number>;
  /** `m` is indexed other than at `o + literal` (a delay line): which slots that reaches is unknown. */
  readonly dynamic: boolean;
  /** It reads the frame (`s.frame`, `s.t`) or hands `s` to a function: the loop must keep `s.frame` current. */
  readonly clock: boolean;
  /** It hands `m` to a function on some path (the function may touch any slot). */
  readonly syncs: boolean;
  /** Input parameters (3..) it reads. */
  readonly reads: ReadonlySet<number>;
  /** Some `return` is not the body's last statement: the written-in code needs a label to leave by. */
  readonly early: boolean;
  /** Every `return` gives a value (a step must; a prepare need not). */
  readonly valued: boolean;
  /** Parsed as an ordinary function: its parameters are plain names. */
  readonly plain: boolean;
}

/** Names a kernel may use without declaring them. */
const GLOBALS = new Set(['Math', 'Number', 'Infinity', 'NaN', 'undefined', 'isFinite', 'isNaN']);

/** Constructs that cannot be written into a loop (they allocate, or mean something else there). */
const UNSUPPORTED = new Set([
  'FunctionExpression',
  'ArrowFunctionExpression',
  'FunctionDeclaration',
  'ClassExpression',
  'ClassDeclaration',
  'ThisExpression',
  'Super',
  'MetaProperty',
  'ObjectPattern',
  'ArrayPattern',
  'AssignmentPattern',
  'RestElement',
  'ObjectExpression',
  'ArrayExpression',
  'NewExpression',
  'SpreadElement',
  'YieldExpression',
  'AwaitExpression',
  'ImportExpression',
  'TaggedTemplateExpression',
  'WithStatement',
]);

const caches = { kernel: new WeakMap<object, Parsed | string>(), plain: new WeakMap<object, Parsed | string>() };

/**
 * The function parsed for writing in, or the reason it cannot be (then it is
 * called instead). `plain`: an ordinary function a step calls (its parameters
 * mean nothing special), rather than a step or prepare `(m, o, s, ...)`.
 */
export function parseKernelFunction(fn: (...args: never[]) => unknown, plain = false): Parsed | string {
  const cache = caches[plain ? 'plain' : 'kernel'];
  let parsed = cache.get(fn);
  if (parsed === undefined) {
    try {
      parsed = parse(Function.prototype.toString.call(fn), plain);
    } catch (error) {
      parsed = `cannot read its source (${(error as Error).message})`;
    }
    cache.set(fn, parsed);
  }
  return parsed;
}

type AnyNode = Node & Record<string, unknown>;

function parse(text: string, plain: boolean): Parsed | string {
  const root = parseExpressionAt(text, 0, { ecmaVersion: 'latest' }) as AnyNode;
  if (root.type !== 'ArrowFunctionExpression' && root.type !== 'FunctionExpression') return 'not a plain function expression';
  if (root.async || root.generator) return 'async or generator';
  const params: string[] = [];
  for (const p of root.params as AnyNode[]) {
    if (p.type !== 'Identifier') return 'parameters must be plain names';
    params.push(p.name as string);
  }
  const body = root.body as AnyNode;
  const locals = new Set<string>();
  const found = walk(body, (node) => {
    if (node.type === 'VariableDeclarator' && (node.id as AnyNode).type === 'Identifier') locals.add((node.id as AnyNode).name as string);
    if (node.type === 'CatchClause' && node.param && (node.param as AnyNode).type === 'Identifier') locals.add((node.param as AnyNode).name as string);
    if (node.type === 'Identifier' && node.name === 'arguments') return 'uses `arguments`';
    if (node.type === 'VariableDeclaration' && node.kind === 'var') return 'uses `var`';
    return UNSUPPORTED.has(node.type) ? `uses ${node.type}` : undefined;
  });
  if (found) return found;
  const [m, o] = plain ? [] : params;
  const edits: Edit[] = [];
  const free = new Set<string>();
  const slots = new Set<number>();
  const reads = new Set<number>();
  let dynamic = false;
  let clock = false;
  let returns = 0;
  let bare = false;
  let early = false;
  const last = body.type === 'BlockStatement' ? (body.body as AnyNode[]).at(-1) : undefined;

  const s = plain ? undefined : params[2];
  const isFree = (name: string) => !params.includes(name) && !locals.has(name) && !GLOBALS.has(name);
  const visit = (node: AnyNode, parent: AnyNode | null, key: string): void => {
    if (
      node.type === 'MemberExpression' &&
      s !== undefined &&
      !locals.has(s) &&
      isName(node.object, s) &&
      !node.computed &&
      !(parent?.type === 'AssignmentExpression' && key === 'left')
    ) {
      const prop = (node.property as AnyNode).name;
      if (prop === 'sr' || prop === 'dt') {
        edits.push({ at: node.start, end: node.end, kind: 'rate', inverse: prop === 'dt' });
        return;
      }
      if (prop === 'ch') {
        edits.push({ at: node.start, end: node.end, kind: 'channel' });
        return;
      }
    }
    if (node.type === 'MemberExpression' && m !== undefined && isName(node.object, m) && node.computed) {
      const slot = slotOf(node.property as AnyNode, o);
      if (slot !== undefined) {
        slots.add(slot);
        edits.push({ at: node.start, end: node.end, kind: 'slot', slot });
        return;
      }
      dynamic = true;
    }
    if (node.type === 'CallExpression' && m !== undefined && (node.arguments as AnyNode[]).some((a) => isName(a, m))) {
      edits.push({ at: node.start, end: node.start, kind: 'sync-open' }, { at: node.end, end: node.end, kind: 'sync-close' });
    }
    const call = statementCall(node);
    if (call) {
      const callee = call.callee as AnyNode;
      const name =
        callee.type === 'Identifier'
          ? (callee.name as string)
          : callee.type === 'MemberExpression' && !callee.computed && (callee.object as AnyNode).type === 'Identifier'
            ? `${(callee.object as AnyNode).name as string}.${(callee.property as AnyNode).name as string}`
            : null;
      const args = call.arguments as AnyNode[];
      if (name && isFree(name.split('.')[0]!) && args.every((a) => a.type !== 'SpreadElement')) {
        const declarator = node.type === 'VariableDeclaration' ? (((node.declarations as AnyNode[])[0]!.id as AnyNode).name as string) : null;
        edits.push({
          at: node.start,
          end: node.end,
          kind: 'inline-call',
          callee: name,
          args: args.map((a) => [a.start, a.end] as const),
          target: declarator,
          handsMemory: m !== undefined && args.some((a) => isName(a, m)),
        });
      }
    }
    if (node.type === 'ReturnStatement') {
      const arg = node.argument as AnyNode | null;
      if (!arg) {
        bare = true;
        early = true;
        edits.push({ at: node.start, end: node.end, kind: 'return-bare' });
        return;
      }
      returns++;
      if (node !== last) early = true;
      edits.push({ at: node.start, end: arg.start, kind: 'return-head', last: node === last }, { at: arg.end, end: node.end, kind: 'return-tail', last: node === last });
    }
    // `ns.name` on a module namespace (how bundlers and vite write imports): the name is `name`.
    if (node.type === 'MemberExpression' && !node.computed && (node.object as AnyNode).type === 'Identifier' && isFree((node.object as AnyNode).name as string)) {
      const name = `${(node.object as AnyNode).name as string}.${(node.property as AnyNode).name as string}`;
      free.add(name);
      edits.push({ at: node.start, end: node.end, kind: 'free', name });
      return;
    }
    if (node.type === 'Identifier' && isReference(parent, key)) {
      const name = node.name as string;
      const index = params.indexOf(name);
      if (index >= 0 && !locals.has(name)) {
        if (index === 0 && !(parent?.type === 'CallExpression' && key === 'arguments') && !(parent?.type === 'MemberExpression' && key === 'object')) dynamic = true;
        if (index >= 3) reads.add(index);
        if (index === 2 && !(parent?.type === 'MemberExpression' && key === 'object' && !parent.computed && (parent.property as AnyNode).name === 'ch')) clock = true;
        edits.push({ at: node.start, end: node.end, kind: 'param', index });
      } else if (locals.has(name)) {
        edits.push({ at: node.start, end: node.end, kind: 'local', name });
      } else if (!GLOBALS.has(name)) {
        free.add(name);
        edits.push({ at: node.start, end: node.end, kind: 'free', name });
      }
      return;
    }
    children(node, visit);
  };
  visit(body, null, '');
  // In source order; at one place, a statement written in whole first, then insertions, then replacements.
  const rank = (e: Edit) => (e.kind === 'inline-call' ? -1 : e.end - e.at);
  edits.sort((a, b) => a.at - b.at || rank(a) - rank(b));
  const valued = body.type !== 'BlockStatement' || (returns > 0 && !bare);
  const syncs = edits.some((e) => e.kind === 'sync-open');
  return { text, body: [body.start, body.end], expression: body.type !== 'BlockStatement', params, edits, free, slots, dynamic, clock, syncs, reads, early, valued, plain };
}

/** The call a statement consists of: `f(...);` or `const v = f(...);` (one declarator), else null. */
function statementCall(node: AnyNode): AnyNode | null {
  if (node.type === 'ExpressionStatement' && (node.expression as AnyNode).type === 'CallExpression') return node.expression as AnyNode;
  if (node.type !== 'VariableDeclaration' || (node.declarations as AnyNode[]).length !== 1) return null;
  const d = (node.declarations as AnyNode[])[0]!;
  return (d.id as AnyNode).type === 'Identifier' && d.init && (d.init as AnyNode).type === 'CallExpression' ? (d.init as AnyNode) : null;
}

/** `o`, `o + K` or `K + o` for an integer literal K >= 0: the slot K. */
function slotOf(index: AnyNode, o: string | undefined): number | undefined {
  if (o === undefined) return undefined;
  if (isName(index, o)) return 0;
  if (index.type !== 'BinaryExpression' || index.operator !== '+') return undefined;
  const [l, r] = [index.left as AnyNode, index.right as AnyNode];
  const k = isName(l, o) ? r : isName(r, o) ? l : undefined;
  return k && k.type === 'Literal' && Number.isInteger(k.value) && (k.value as number) >= 0 ? (k.value as number) : undefined;
}

function isName(node: unknown, name: string): boolean {
  const n = node as AnyNode;
  return n.type === 'Identifier' && n.name === name;
}

/** Whether an identifier in this position names a variable (not a property key or a label). */
function isReference(parent: AnyNode | null, key: string): boolean {
  if (!parent) return true;
  if (parent.type === 'MemberExpression' && key === 'property' && !parent.computed) return false;
  if ((parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') && key === 'key' && !parent.computed) return false;
  return !((parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') && key === 'label');
}

function children(node: AnyNode, visit: (child: AnyNode, parent: AnyNode, key: string) => void): void {
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof (c as AnyNode).type === 'string') visit(c as AnyNode, node, key);
    } else if (v && typeof (v as AnyNode).type === 'string') visit(v as AnyNode, node, key);
  }
}

/** Visits every node; stops at the first that `check` objects to and returns its objection. */
function walk(node: AnyNode, check: (node: AnyNode) => string | undefined): string | undefined {
  const found = check(node);
  if (found) return found;
  let inner: string | undefined;
  children(node, (child) => {
    inner ??= walk(child, check);
  });
  return inner;
}

/** How one instance writes a parsed function into a loop. */
export interface Writing {
  /** Unique among the loop's kernels (and the calls written into them): suffixes names and labels. */
  readonly uid: number | string;
  /** The variable that receives the result (declared by the caller); null for a prepare. */
  readonly out: string | null;
  /** The code for `o`, the channel's first state slot: a number, or an expression of the channel loop. */
  readonly base: string;
  /** The code for each input, in order (parameters 3 ..). */
  readonly inputs: readonly string[];
  /** Slots held in the locals named by {@link slotLocal} during a block. */
  readonly promoted: ReadonlySet<number>;
  /** Calls handed `m` may touch the promoted slots: write them back before, read them after. */
  readonly sync: boolean;
  /** The code for a name the function takes from its module. */
  readonly free: (name: string) => string;
  /** The runtime's rate in Hz (fixed for its life): `s.sr` and `s.dt` are written as numbers. */
  readonly sampleRate: number;
  /** The signal's channel this code computes: `s.ch` is written as this number. */
  readonly channel: number;
  /** The function a free name stands for, to write a call of it in (see the `inline-call` edit). */
  readonly callee?: (name: string) => unknown;
}

/** The local that holds slot `k` of kernel `uid` during a block. */
export function slotLocal(uid: number | string, k: number): string {
  return `p${uid}_${k}`;
}

/** `base + k` as code, folded when the base is a number. */
export function offset(base: string, k: number): string {
  return /^\d+$/.test(base) ? String(Number(base) + k) : `${base} + ${k}`;
}

/** The function's code for this instance: a statement that assigns `out` (or, for a prepare, just runs). */
const NO_SLOTS: ReadonlySet<number> = new Set();

export function write(p: Parsed, w: Writing): string {
  const { uid, out, base, promoted } = w;
  const label = `L${uid}`;
  const temp = `T${uid}`;
  const plain = (name: string): string => `${name}$${uid}`;
  const flush = [...promoted].map((k) => `m[${offset(base, k)}] = ${slotLocal(uid, k)}`).join(', ');
  const reload = [...promoted].map((k) => `${slotLocal(uid, k)} = m[${offset(base, k)}]`).join(', ');
  const sync = w.sync && promoted.size > 0 && p.edits.some((e) => e.kind === 'sync-open');
  const piece = (e: Edit): string => {
    switch (e.kind) {
      case 'param':
        if (p.plain) return plain(p.params[e.index]!);
        return e.index === 0 ? 'm' : e.index === 1 ? (/^\d+$/.test(base) ? base : `(${base})`) : e.index === 2 ? 's' : plain(p.params[e.index]!);
      case 'inline-call':
        return callIn(e);
      case 'local':
        return plain(e.name);
      case 'free':
        return w.free(e.name);
      case 'slot':
        return promoted.has(e.slot) ? slotLocal(uid, e.slot) : `m[${offset(base, e.slot)}]`;
      case 'return-head':
        return e.last && !p.early ? (out ? `${out} = ` : '') : `{ ${out ? `${out} = ` : ''}`;
      case 'return-tail':
        return e.last && !p.early ? ';' : `; break ${label}; }`;
      case 'return-bare':
        return `break ${label};`;
      case 'channel':
        return String(w.channel);
      case 'rate':
        return `(${e.inverse ? 1 / w.sampleRate : w.sampleRate})`;
      case 'sync-open':
        return sync ? `(${flush}, ${temp} = ` : '';
      case 'sync-close':
        return sync ? `, ${reload}, ${temp})` : '';
    }
  };
  /** The source from `from` to `to` with its edits applied (those inside an edit already applied are skipped). */
  const range = (from: number, to: number, end: boolean, skip?: Edit): string => {
    let code = '';
    let at = from;
    for (const e of p.edits) {
      if (e.at < at || e === skip) continue;
      if (e.at > to || (e.at === to && !(end && e.end === e.at))) break;
      code += p.text.slice(at, e.at) + piece(e);
      at = e.end;
    }
    return code + p.text.slice(at, to);
  };
  let calls = 0;
  /** A module function's call statement with the function's own source written in, when it can be. */
  function callIn(e: Extract<Edit, { kind: 'inline-call' }>): string {
    const fn = w.callee?.(e.callee);
    const q = typeof fn === 'function' ? parseKernelFunction(fn as (...args: never[]) => unknown, true) : 'not a function';
    const usable = typeof q !== 'string' && [...q.free].every((n) => w.callee?.(n) !== undefined) && (e.target === null || q.valued) && q.params.length >= e.args.length;
    if (!usable) return range(e.at, e.end, false, e);
    const target = e.target === null ? null : plain(e.target);
    const inner = write(q, { ...w, uid: `${uid}_${calls++}`, out: target, inputs: e.args.map(([a, b]) => range(a, b, false)), promoted: NO_SLOTS, sync: false });
    const around = sync && e.handsMemory;
    return `${target ? `let ${target}; ` : ''}${around ? `${flush}; ` : ''}${inner}${around ? ` ${reload};` : ''}`;
  }
  const code = range(p.body[0], p.body[1], true);
  const first = p.plain ? 0 : 3;
  const decls = [...p.params.slice(first).map((name, i) => `${plain(name)} = ${w.inputs[i] ?? 'undefined'}`), ...(sync ? [temp] : [])];
  const head = decls.length > 0 ? `let ${decls.join(', ')}; ` : '';
  if (p.expression) return `{ ${head}${out ? `${out} = ` : ''}(${code}); }`;
  return `${p.early ? `${label}: ` : ''}{ ${head}${code} }`;
}
