// Records the live output to a WAV: a recorder worklet after the Aither node
// gathers chunks while on; stopping joins them into one file.
import recorderURL from './recorder.worklet.js?url';
import { encodeWav } from './wav.js';

const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

export class LiveRecorder {
  private readonly chunks: Float32Array[][] = [];

  private constructor(
    private readonly node: AudioWorkletNode,
    private readonly source: AudioNode,
    readonly sampleRate: number,
  ) {
    node.port.onmessage = (event: MessageEvent<Float32Array[]>) => this.chunks.push(event.data);
  }

  static async start(source: AudioNode, channels = 2): Promise<LiveRecorder> {
    const context = source.context;
    let loading = loaded.get(context);
    if (!loading) {
      loading = context.audioWorklet.addModule(recorderURL);
      loaded.set(context, loading);
    }
    await loading;
    // No outputs: the browser pulls it like an analyser, nothing reaches the speakers twice.
    const node = new AudioWorkletNode(context, 'aither-recorder-v1', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: channels,
      channelCountMode: 'explicit',
      processorOptions: { channels },
    });
    source.connect(node);
    return new LiveRecorder(node, source, context.sampleRate);
  }

  /** Stops recording; the take as a WAV (what had reached the recorder). */
  stop(): Blob {
    this.source.disconnect(this.node);
    this.node.port.close();
    const channels = this.chunks[0]?.length ?? 2;
    const frames = this.chunks.reduce((n, chunk) => n + chunk[0]!.length, 0);
    const planes = Array.from({ length: channels }, () => new Float32Array(frames));
    let at = 0;
    for (const chunk of this.chunks) {
      for (let c = 0; c < channels; c++) planes[c]!.set(chunk[c]!, at);
      at += chunk[0]!.length;
    }
    return encodeWav(planes, this.sampleRate);
  }
}
