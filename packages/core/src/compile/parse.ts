import { parseExpressionAt } from 'acorn';
import { type AnyNode, children, dottedName, isName, isReference, slotOf, statementCall, walk } from './ast.js';
import type { Edit, Parsed } from './edit.js';
import { NOT_AN_EXPRESSION, NOT_PLAIN_PARAMETERS, NOT_SYNCHRONOUS, refusal } from './refusals.js';

/**
 * Kernel functions read as source, so the compiler can write them into a
 * signal's loop instead of calling them.
 *
 * Why: a called step keeps its state in the helper pool, so every frame goes
 * through a store and a load of each state slot; on a filter's recursion that
 * round trip through memory is on the critical path (docs/performance.md).
 * Written into the loop, a kernel's slots `m[o + K]` become locals loaded at
 * the start of a block and stored at its end, and its inputs become the
 * literal numbers or values they are, which V8 then folds.
 *
 * A function is parsed once (cached by identity), in four phases: read its
 * head (a function expression with plain parameters), screen its body for
 * what cannot go into a loop, collect the edits (the places each instance
 * writes its own way), and order them. write.ts renders the edits for each
 * instance.
 */

/** Names a kernel may use without declaring them. */
const GLOBALS = new Set(['Math', 'Number', 'Infinity', 'NaN', 'undefined', 'isFinite', 'isNaN']);

const caches = { kernel: new WeakMap<object, Parsed | string>(), plain: new WeakMap<object, Parsed | string>() };

/**
 * The function parsed for writing in, or the reason it cannot be (then it is
 * called instead), worded for the helper's author. `plain`: an ordinary
 * function a step calls (its parameters mean nothing special), rather than a
 * step or prepare `(m, o, s, ...)`.
 */
export function parseKernelFunction(fn: (...args: never[]) => unknown, plain = false): Parsed | string {
  const cache = caches[plain ? 'plain' : 'kernel'];
  let parsed = cache.get(fn);
  if (parsed === undefined) {
    try {
      parsed = parse(Function.prototype.toString.call(fn), plain);
    } catch (error) {
      parsed = `cannot be read as source (${(error as Error).message})`;
    }
    cache.set(fn, parsed);
  }
  return parsed;
}

function parse(text: string, plain: boolean): Parsed | string {
  const head = readHead(text);
  if (typeof head === 'string') return head;
  const locals = screen(head.body);
  if (typeof locals === 'string') return locals;
  const { body, params } = head;
  const found = collectEdits(body, params, locals, plain);
  const edits = order(found.edits);
  return {
    text,
    body: [body.start, body.end],
    expression: body.type !== 'BlockStatement',
    params,
    edits,
    free: found.free,
    slots: found.slots,
    dynamic: found.dynamic,
    clock: found.clock,
    syncs: edits.some((e) => e.kind === 'sync-open'),
    reads: found.reads,
    early: found.early,
    valued: body.type !== 'BlockStatement' || (found.returns > 0 && !found.bare),
    plain,
    signalCalls: found.signalCalls,
  };
}

/** Phase 1: the function expression, its parameter names and its body. */
function readHead(text: string): { params: string[]; body: AnyNode } | string {
  const root = parseExpressionAt(text, 0, { ecmaVersion: 'latest' }) as AnyNode;
  if (root.type !== 'ArrowFunctionExpression' && root.type !== 'FunctionExpression') return NOT_AN_EXPRESSION;
  if (root.async || root.generator) return NOT_SYNCHRONOUS;
  const params: string[] = [];
  for (const p of root.params as AnyNode[]) {
    if (p.type !== 'Identifier') return NOT_PLAIN_PARAMETERS;
    params.push(p.name as string);
  }
  return { params, body: root.body as AnyNode };
}

/** Phase 2: the names the body declares, or the first construct that cannot go into a loop. */
function screen(body: AnyNode): Set<string> | string {
  const locals = new Set<string>();
  const found = walk(body, (node) => {
    if (node.type === 'VariableDeclarator' && (node.id as AnyNode).type === 'Identifier') locals.add((node.id as AnyNode).name as string);
    if (node.type === 'CatchClause' && node.param && (node.param as AnyNode).type === 'Identifier') locals.add((node.param as AnyNode).name as string);
    return refusal(node);
  });
  return found ?? locals;
}

/** What phase 3 finds in a body. */
interface Found {
  readonly edits: Edit[];
  readonly free: Set<string>;
  readonly slots: Set<number>;
  readonly reads: Set<number>;
  readonly signalCalls: Set<string>;
  dynamic: boolean;
  clock: boolean;
  returns: number;
  bare: boolean;
  early: boolean;
}

/** The names a body is read with: the step's `m`, `o` and `s` (none for a plain function), its parameters and locals. */
interface Scope {
  readonly m: string | undefined;
  readonly o: string | undefined;
  readonly s: string | undefined;
  readonly params: readonly string[];
  readonly locals: ReadonlySet<string>;
  /** The body's last statement: a `return` there needs no label to leave by. */
  readonly last: AnyNode | undefined;
  isFree(name: string): boolean;
}

/**
 * One way of reading a node: records what it finds, and returns true when the
 * node is fully handled (its children are not visited). Rules are tried in order.
 */
type Rule = (node: AnyNode, parent: AnyNode | null, key: string, scope: Scope, found: Found) => boolean;

/** Phase 3: every place each instance writes its own way, and what the body reads. */
function collectEdits(body: AnyNode, params: readonly string[], locals: ReadonlySet<string>, plain: boolean): Found {
  const [m, o] = plain ? [] : params;
  const scope: Scope = {
    m,
    o,
    s: plain ? undefined : params[2],
    params,
    locals,
    last: body.type === 'BlockStatement' ? (body.body as AnyNode[]).at(-1) : undefined,
    isFree: (name) => !params.includes(name) && !locals.has(name) && !GLOBALS.has(name),
  };
  const found: Found = {
    edits: [],
    free: new Set(),
    slots: new Set(),
    reads: new Set(),
    signalCalls: new Set(),
    dynamic: false,
    clock: false,
    returns: 0,
    bare: false,
    early: false,
  };
  const visit = (node: AnyNode, parent: AnyNode | null, key: string): void => {
    for (const rule of RULES) if (rule(node, parent, key, scope, found)) return;
    children(node, visit);
  };
  visit(body, null, '');
  return found;
}

/** `s.sr`, `s.dt` (numbers of the runtime) and `s.ch` (the channel), when read. */
const contextField: Rule = (node, parent, key, { s, locals }, { edits }) => {
  if (node.type !== 'MemberExpression' || s === undefined || locals.has(s) || !isName(node.object, s) || node.computed) return false;
  if (parent?.type === 'AssignmentExpression' && key === 'left') return false;
  const prop = (node.property as AnyNode).name;
  if (prop === 'sr' || prop === 'dt') edits.push({ at: node.start, end: node.end, kind: 'rate', inverse: prop === 'dt' });
  else if (prop === 'ch') edits.push({ at: node.start, end: node.end, kind: 'channel' });
  else return false;
  return true;
};

/** `m[o + K]`: a slot at a literal offset; any other index of `m` makes the body dynamic. */
const stateSlot: Rule = (node, _parent, _key, { m, o }, found) => {
  if (node.type !== 'MemberExpression' || m === undefined || !isName(node.object, m) || !node.computed) return false;
  const slot = slotOf(node.property as AnyNode, o);
  if (slot === undefined) {
    found.dynamic = true;
    return false;
  }
  found.slots.add(slot);
  found.edits.push({ at: node.start, end: node.end, kind: 'slot', slot });
  return true;
};

/** A call handed `m`: marks where promoted slots are written back and read again. */
const memoryHandedOn: Rule = (node, _parent, _key, { m }, { edits }) => {
  if (node.type === 'CallExpression' && m !== undefined && (node.arguments as AnyNode[]).some((a) => isName(a, m))) {
    edits.push({ at: node.start, end: node.start, kind: 'sync-open' }, { at: node.end, end: node.end, kind: 'sync-close' });
  }
  return false;
};

/** A call with the context alone, as a signal is called: `lfo(s)`. */
const signalCall: Rule = (node, _parent, _key, scope, { signalCalls }) => {
  if (node.type !== 'CallExpression' || scope.s === undefined) return false;
  const args = node.arguments as AnyNode[];
  const name = dottedName(node.callee as AnyNode);
  if (args.length === 1 && isName(args[0], scope.s) && name !== null && scope.isFree(name.split('.')[0]!)) signalCalls.add(name);
  return false;
};

/** A statement that calls a module function: written in with the function's own source, when it can be. */
const moduleCall: Rule = (node, _parent, _key, { m, isFree }, { edits }) => {
  const call = statementCall(node);
  if (!call) return false;
  const name = dottedName(call.callee as AnyNode);
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
  return false;
};

/** `return x;` becomes an assignment of the output (and a jump out when it is not last); `return;` a jump out. */
const exit: Rule = (node, _parent, _key, { last }, found) => {
  if (node.type !== 'ReturnStatement') return false;
  const arg = node.argument as AnyNode | null;
  if (!arg) {
    found.bare = true;
    found.early = true;
    found.edits.push({ at: node.start, end: node.end, kind: 'return-bare' });
    return true;
  }
  found.returns++;
  if (node !== last) found.early = true;
  found.edits.push({ at: node.start, end: arg.start, kind: 'return-head', last: node === last }, { at: arg.end, end: node.end, kind: 'return-tail', last: node === last });
  return false;
};

/** `ns.name` on a module namespace (how bundlers and vite write imports): the free name is `ns.name`. */
const namespaceMember: Rule = (node, _parent, _key, { isFree }, { free, edits }) => {
  if (node.type !== 'MemberExpression' || node.computed || (node.object as AnyNode).type !== 'Identifier' || !isFree((node.object as AnyNode).name as string)) return false;
  const name = dottedName(node)!;
  free.add(name);
  edits.push({ at: node.start, end: node.end, kind: 'free', name });
  return true;
};

/** A name: a parameter, a local or a free name of the module. */
const reference: Rule = (node, parent, key, { params, locals }, found) => {
  if (node.type !== 'Identifier' || !isReference(parent, key)) return false;
  const name = node.name as string;
  const index = params.indexOf(name);
  if (index >= 0 && !locals.has(name)) {
    if (index === 0 && !(parent?.type === 'CallExpression' && key === 'arguments') && !(parent?.type === 'MemberExpression' && key === 'object')) found.dynamic = true;
    if (index >= 3) found.reads.add(index);
    if (index === 2 && !(parent?.type === 'MemberExpression' && key === 'object' && !parent.computed && (parent.property as AnyNode).name === 'ch')) found.clock = true;
    found.edits.push({ at: node.start, end: node.end, kind: 'param', index });
  } else if (locals.has(name)) {
    found.edits.push({ at: node.start, end: node.end, kind: 'local', name });
  } else if (!GLOBALS.has(name)) {
    found.free.add(name);
    found.edits.push({ at: node.start, end: node.end, kind: 'free', name });
  }
  return true;
};

const RULES: readonly Rule[] = [contextField, stateSlot, memoryHandedOn, signalCall, moduleCall, exit, namespaceMember, reference];

/** Phase 4: edits in source order; at one place, a statement written in whole first, then insertions, then replacements. */
function order(edits: Edit[]): Edit[] {
  const rank = (e: Edit) => (e.kind === 'inline-call' ? -1 : e.end - e.at);
  return edits.sort((a, b) => a.at - b.at || rank(a) - rank(b));
}
