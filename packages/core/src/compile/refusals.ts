import type { AnyNode } from './ast.js';

/**
 * Why a construct cannot be written into a loop, in the words of the helper
 * author who wrote it: what it does there, and what to write instead. Each
 * reads after "its step " (or "its prepare ") in an {@link inlineReport}.
 */
const REFUSED: ReadonlyMap<string, string> = new Map(
  Object.entries({
    FunctionExpression: 'defines a function (a new closure every frame): make it a module-level function and give it in `uses`',
    ArrowFunctionExpression: 'defines a function (a new closure every frame): make it a module-level function and give it in `uses`',
    FunctionDeclaration: 'defines a function (a new closure every frame): make it a module-level function and give it in `uses`',
    ClassExpression: 'defines a class: define it at module level and give what the step needs in `uses`',
    ClassDeclaration: 'defines a class: define it at module level and give what the step needs in `uses`',
    ThisExpression: 'reads `this`, which a step does not have: give the value as an input, or as a constant in `uses`',
    Super: 'reads `super`, which a step does not have',
    MetaProperty: 'reads `new.target` or `import.meta`, which mean nothing inside a loop: read it at module level and give it in `uses`',
    ObjectPattern: 'destructures an object (`const { a } = ...`): read each field by name',
    ArrayPattern: 'destructures an array (`const [a, b] = ...`, which allocates): read each element by index',
    AssignmentPattern: 'gives a default value (`x = 1`) to a name: write the default out with `??`',
    RestElement: 'gathers values with `...rest` (which allocates): name each one',
    ObjectExpression: 'builds an object (allocates every frame): keep the values in its state slots, or a constant object in `uses`',
    ArrayExpression: 'builds an array (allocates every frame): keep the values in its state slots, or a constant table in `uses`',
    NewExpression: 'constructs with `new` (allocates every frame): build it once at module level and give it in `uses`',
    SpreadElement: 'spreads values with `...` (which allocates): pass them one by one',
    YieldExpression: 'yields: a step returns its sample at once',
    AwaitExpression: 'awaits: a step returns its sample at once',
    ImportExpression: 'imports a module with `import()`: import it at module level and give what it uses in `uses`',
    TaggedTemplateExpression: 'uses a tagged template (which allocates every frame): compute the value with plain arithmetic',
    WithStatement: 'uses `with`: name each value',
  }),
);

/** The construct in `node` that cannot be written into a loop, described for its author; undefined when it can. */
export function refusal(node: AnyNode): string | undefined {
  if (node.type === 'Identifier' && node.name === 'arguments') return 'reads `arguments`: name its parameters `(m, o, s, a, b, ...)`';
  if (node.type === 'VariableDeclaration' && node.kind === 'var') return 'declares with `var`: use `let` or `const`';
  return REFUSED.get(node.type as string);
}

/** Why a function's head cannot be read: not an expression, async, or parameters that are not plain names. */
export const NOT_AN_EXPRESSION =
  'is not a function expression the compiler can read (a method, a bound or a native function): write it as `(m, o, s, a) => ...` or `function (m, o, s, a) { ... }`';
export const NOT_SYNCHRONOUS = 'is async or a generator: a step returns its sample at once';
export const NOT_PLAIN_PARAMETERS = 'has parameters that are not plain names (a default, destructuring or `...rest`): name them `(m, o, s, a, b, ...)`';
