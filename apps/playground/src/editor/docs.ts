// The helpers' TSDoc, generated at build time (scripts/helper-docs.mjs), and
// its rendering for the hover tooltip and the completion panel.
import generated from '../generated/helper-docs.json';

export interface HelperParam {
  name: string;
  type: string;
  default?: string;
  rest: boolean;
  doc: string;
}

export interface HelperDoc {
  name: string;
  kind: 'helper' | 'verb';
  package: string;
  signature: string;
  summary: string;
  params: HelperParam[];
  returns: string;
  example: string;
  source: string;
}

export const HELPER_DOCS: readonly HelperDoc[] = (generated as { entries: HelperDoc[] }).entries;
const byName = new Map(HELPER_DOCS.map((d) => [d.name, d]));

export function docOf(name: string): HelperDoc | undefined {
  return byName.get(name);
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A helper's documentation as a small card: signature, summary, parameters, example. */
export function renderDoc(doc: HelperDoc): HTMLElement {
  const card = el('div', 'doc');
  card.append(el('code', 'doc-signature', doc.signature));
  if (doc.summary) card.append(el('p', 'doc-summary', doc.summary));
  const described = doc.params.filter((p) => p.doc);
  if (described.length > 0) {
    const list = el('ul', 'doc-params');
    for (const p of described) {
      const item = el('li', '');
      item.append(el('code', '', p.rest ? `...${p.name}` : p.name), document.createTextNode(` — ${p.doc}`));
      list.append(item);
    }
    card.append(list);
  }
  if (doc.returns) card.append(el('p', 'doc-returns', `Returns ${doc.returns}`));
  if (doc.example) card.append(el('pre', 'doc-example', doc.example));
  card.append(el('p', 'doc-source', doc.package));
  return card;
}
