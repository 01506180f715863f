export { encodeWav, download } from './wav.js';
export { renderWav } from './render.js';
export { LiveRecorder } from './record.js';
