// Records what reaches it, in chunks of 4096 frames posted to the main
// thread. It runs only while a recording is on: a new chunk per post is the
// cost of recording, not of playing.
const CHUNK = 4096;

class AitherRecorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.channels = options.processorOptions.channels;
    this.fresh();
  }

  fresh() {
    this.chunk = Array.from({ length: this.channels }, () => new Float32Array(CHUNK));
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0];
    const frames = input && input.length > 0 ? input[0].length : 128;
    for (let c = 0; c < this.channels; c++) {
      const plane = input?.[c];
      if (plane) this.chunk[c].set(plane, this.filled);
    }
    this.filled += frames;
    if (this.filled + frames > CHUNK) {
      const planes = this.chunk.map((p) => p.subarray(0, this.filled));
      this.port.postMessage(
        planes,
        this.chunk.map((p) => p.buffer),
      );
      this.fresh();
    }
    return true;
  }
}

registerProcessor('aither-recorder-v1', AitherRecorder);
