import { WorkletSink, type WorkletReply, type WorkletSinkOptions } from './worklet-sink.js';

/** Options of {@link renderInWorklet}. */
export interface RenderOptions extends Pick<WorkletSinkOptions, 'channels' | 'moduleURL' | 'runtime'> {
  /** Hz. */
  sampleRate: number;
  /** Length, seconds. */
  seconds: number;
  /** Evaluations at later times (seconds), e.g. a performance's edits, each at the first quantum boundary at or after its time. */
  edits?: Array<{ at: number; code: string; mode?: 'session' | 'snippet' }>;
}

/**
 * Renders session code through the worklet in an `OfflineAudioContext`
 * (faster than real time): the same processor, helpers and rate as live
 * playback, for an export or an exact test.
 *
 * @returns the rendered buffer (one plane per channel) and every evaluation's reply.
 * @example
 * ```ts
 * const { buffer, replies } = await renderInWorklet("play('a', osc(440))", { sampleRate: 44100, seconds: 2 });
 * buffer.getChannelData(0); // 88,200 samples of a 440 Hz sine
 * ```
 */
export async function renderInWorklet(code: string, options: RenderOptions): Promise<{ buffer: AudioBuffer; replies: WorkletReply[] }> {
  const channels = options.channels ?? 2;
  const frames = Math.round(options.seconds * options.sampleRate);
  const context = new OfflineAudioContext({ numberOfChannels: channels, length: frames, sampleRate: options.sampleRate });
  const sink = await WorkletSink.create({ context, channels, moduleURL: options.moduleURL, runtime: options.runtime });
  const replies = [await sink.evaluate(code)];
  for (const edit of options.edits ?? []) {
    // suspend() stops at a quantum boundary; the edit lands exactly there.
    void context.suspend(Math.ceil((edit.at * options.sampleRate) / 128) * (128 / options.sampleRate)).then(async () => {
      replies.push(await sink.evaluate(edit.code, edit.mode ?? 'session'));
      await context.resume();
    });
  }
  await sink.start();
  const buffer = await context.startRendering();
  await sink.stop();
  return { buffer, replies };
}
