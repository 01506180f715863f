// A tiny element builder: h('button', { id: 'play' }, 'Play').
type Props = Record<string, string | number | boolean | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'function') node.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'class') node.className = String(value);
    else if (typeof value === 'boolean') value ? node.setAttribute(key, '') : node.removeAttribute(key);
    else node.setAttribute(key, String(value));
  }
  node.append(...children);
  return node;
}

export function option(value: string, text: string): HTMLOptionElement {
  return h('option', { value }, text);
}
