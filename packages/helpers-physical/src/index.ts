export { pluck } from './pluck.js';
export { bell } from './bell.js';
