export { ring } from './ring.js';
