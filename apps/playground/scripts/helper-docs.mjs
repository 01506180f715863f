// Writes src/generated/helper-docs.json: every helper a session has in scope
// (the exports of @aither/helpers and @aither/helpers-physical) and the
// session verbs, with the signature, summary, parameters (their units and
// ranges are in their descriptions), return and example from their TSDoc.
// Run before every build, typecheck and dev start, so the editor's completion
// and hover docs are those of the helpers as built.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(app, '../..');
const PACKAGES = [
  ['@aither/helpers', 'packages/helpers/src/index.ts'],
  ['@aither/helpers-physical', 'packages/helpers-physical/src/index.ts'],
];
// What evaluate.ts puts in scope besides the helpers, documented on Runtime's methods of the same names.
const VERBS = ['play', 'register', 'stop', 'unregister', 'mute', 'unmute', 'solo', 'unsolo', 'clear', 'list'];
const RUNTIME = 'packages/core/src/runtime.ts';

const files = [...PACKAGES.map(([, file]) => join(root, file)), join(root, RUNTIME)];
const program = ts.createProgram(files, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: false,
  noEmit: true,
});
const checker = program.getTypeChecker();

// `{@link osc}` reads as `osc` in a tooltip.
const text = (comment) => (ts.getTextOfJSDocComment(comment) ?? '').replace(/\{@link\s+([^}|\s]+)[^}]*\}/g, '`$1`').trim();
const oneLine = (s) => s.replace(/\s+/g, ' ').trim();

/** The code of an `@example`, without its fence. */
function exampleOf(tags) {
  const tag = tags.find((t) => t.tagName.text === 'example');
  if (!tag) return '';
  const code = text(tag.comment);
  // A one-line example is `code` (maybe followed by words); a longer one is fenced.
  const inline = /^`([^`]+)`/.exec(code);
  return (inline ? inline[1] : code.replace(/^```\w*\n?/, '').replace(/\n?```$/, '')).trim();
}

/** The function declaration a name stands for: itself, or what `const alias = fn` names. */
function functionOf(declaration) {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.initializer)) {
    let symbol = checker.getSymbolAtLocation(declaration.initializer);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const target = symbol?.declarations?.[0];
    return target ? functionOf(target) : undefined;
  }
  return undefined;
}

function entry(name, pkg, declaration, kind) {
  const fn = functionOf(declaration);
  if (!fn) return undefined;
  // Docs of the name itself (an alias has its own), else of the function it names.
  const own = ts.isVariableDeclaration(declaration) ? ts.getJSDocCommentsAndTags(declaration.parent.parent).filter(ts.isJSDoc) : [];
  const docs = own.length > 0 ? own : ts.getJSDocCommentsAndTags(fn).filter(ts.isJSDoc);
  // A declaration may carry several doc blocks (a summary, then an @throws): all of them count.
  const fnDocs = ts.getJSDocCommentsAndTags(fn).filter(ts.isJSDoc);
  const tags = [...docs.flatMap((d) => d.tags ?? []), ...(docs === fnDocs || own.length === 0 ? [] : fnDocs.flatMap((d) => d.tags ?? []))];
  const summary = docs
    .map((d) => text(d.comment))
    .filter(Boolean)
    .join('\n\n');
  const params = fn.parameters.map((p) => {
    const pname = p.name.getText();
    const tag = tags.find((t) => ts.isJSDocParameterTag(t) && t.name.getText() === pname);
    return {
      name: pname,
      type: p.type ? oneLine(p.type.getText()) : '',
      default: p.initializer ? p.initializer.getText() : undefined,
      rest: !!p.dotDotDotToken,
      doc: tag ? oneLine(text(tag.comment).replace(/^-\s*/, '')) : '',
    };
  });
  const returns = tags.find((t) => t.tagName.text === 'returns' || t.tagName.text === 'return');
  const signature = `${name}(${fn.parameters.map((p) => oneLine(p.getText())).join(', ')})${fn.type ? `: ${oneLine(fn.type.getText())}` : ''}`;
  return {
    name,
    kind,
    package: pkg,
    signature,
    summary,
    params,
    returns: returns ? oneLine(text(returns.comment)) : '',
    example: exampleOf(tags) || exampleOf(fnDocs.flatMap((d) => d.tags ?? [])),
    source: relative(root, fn.getSourceFile().fileName),
  };
}

const entries = [];
for (const [pkg, file] of PACKAGES) {
  const source = program.getSourceFile(join(root, file));
  const moduleSymbol = checker.getSymbolAtLocation(source);
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    const made = declaration && entry(exported.name, pkg, declaration, 'helper');
    if (made) entries.push(made);
  }
}
const runtime = program.getSourceFile(join(root, RUNTIME));
const runtimeClass = runtime.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'Runtime');
for (const verb of VERBS) {
  const method = runtimeClass.members.find((m) => ts.isMethodDeclaration(m) && m.name.getText() === verb);
  const made = method && entry(verb, '@aither/core', method, 'verb');
  if (made) entries.push(made);
}

const out = join(app, 'src/generated/helper-docs.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ entries }, null, 1)}\n`);
console.log(`helper docs: ${entries.length} entries -> ${relative(app, out)}`);
