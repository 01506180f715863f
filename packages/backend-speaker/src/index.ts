export { SpeakerSink } from './speaker-sink.js';
export type { SpeakerSinkOptions } from './speaker-sink.js';
export { toS16 } from './pcm.js';
