export { EXAMPLES } from './examples.js';
export type { Example } from './examples.js';
export { autosaver, loadSession } from './storage.js';
export { History } from './history.js';
export type { Version } from './history.js';
export { codeOfLink, shareLink } from './share.js';
