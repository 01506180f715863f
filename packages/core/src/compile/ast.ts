import type { Node } from 'acorn';

/** An acorn node with its fields readable by name. */
export type AnyNode = Node & Record<string, unknown>;

export function isName(node: unknown, name: string): boolean {
  const n = node as AnyNode;
  return n.type === 'Identifier' && n.name === name;
}

/** Whether an identifier in this position names a variable (not a property key or a label). */
export function isReference(parent: AnyNode | null, key: string): boolean {
  if (!parent) return true;
  if (parent.type === 'MemberExpression' && key === 'property' && !parent.computed) return false;
  if ((parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') && key === 'key' && !parent.computed) return false;
  return !((parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') && key === 'label');
}

/** Calls `visit` on each child node, with the field it is found under. */
export function children(node: AnyNode, visit: (child: AnyNode, parent: AnyNode, key: string) => void): void {
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof (c as AnyNode).type === 'string') visit(c as AnyNode, node, key);
    } else if (v && typeof (v as AnyNode).type === 'string') visit(v as AnyNode, node, key);
  }
}

/** Visits every node; stops at the first that `check` objects to and returns its objection. */
export function walk(node: AnyNode, check: (node: AnyNode) => string | undefined): string | undefined {
  const found = check(node);
  if (found) return found;
  let inner: string | undefined;
  children(node, (child) => {
    inner ??= walk(child, check);
  });
  return inner;
}

/** The call a statement consists of: `f(...);` or `const v = f(...);` (one declarator), else null. */
export function statementCall(node: AnyNode): AnyNode | null {
  if (node.type === 'ExpressionStatement' && (node.expression as AnyNode).type === 'CallExpression') return node.expression as AnyNode;
  if (node.type !== 'VariableDeclaration' || (node.declarations as AnyNode[]).length !== 1) return null;
  const d = (node.declarations as AnyNode[])[0]!;
  return (d.id as AnyNode).type === 'Identifier' && d.init && (d.init as AnyNode).type === 'CallExpression' ? (d.init as AnyNode) : null;
}

/** `o`, `o + K` or `K + o` for an integer literal K >= 0: the slot K. */
export function slotOf(index: AnyNode, o: string | undefined): number | undefined {
  if (o === undefined) return undefined;
  if (isName(index, o)) return 0;
  if (index.type !== 'BinaryExpression' || index.operator !== '+') return undefined;
  const [l, r] = [index.left as AnyNode, index.right as AnyNode];
  const k = isName(l, o) ? r : isName(r, o) ? l : undefined;
  return k && k.type === 'Literal' && Number.isInteger(k.value) && (k.value as number) >= 0 ? (k.value as number) : undefined;
}

/** `a.b` for a member expression of a name and a plain property, else null. */
export function dottedName(node: AnyNode): string | null {
  if (node.type === 'Identifier') return node.name as string;
  return node.type === 'MemberExpression' && !node.computed && (node.object as AnyNode).type === 'Identifier'
    ? `${(node.object as AnyNode).name as string}.${(node.property as AnyNode).name as string}`
    : null;
}
