export { createRuntime, getRuntime, Runtime } from './runtime.js';
export { claimStateBlock, defineHelper, onBind, widen, HelperState, HelperInRenderError } from './binding.js';
export type { BindContext, BindHook, BlockInit, ChannelInit } from './binding.js';
export { PoolExhaustedError } from './blocks.js';
export type { Block } from './blocks.js';
export { SessionError } from './evaluate.js';
export type { EvaluateOptions, EvaluateResult } from './evaluate.js';
export { pipe, constant } from './pipe.js';
export type { AudioSink, Param, RegisterOptions, RuntimeOptions, RuntimeStats, Signal, SignalContext, SignalFault } from './types.js';
