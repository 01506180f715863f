export { PortAudioSink } from './portaudio-sink.js';
export type { PortAudioSinkOptions } from './portaudio-sink.js';
export { listDevices, chooseDevice } from './devices.js';
export type { OutputDevice } from './devices.js';
