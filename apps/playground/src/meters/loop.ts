// The meters' loop: one animation frame draws every canvas from the venue's
// analyser (scope, spectrum, master peak) — or, for a server venue, from the
// output frames its stats carry — and its latest stats. All of it runs
// on the main thread; the audio thread only feeds the analyser.
import type { Venue, VenueStats } from '../venues/index.js';
import { drawGauges } from './gauges.js';
import { LevelMeters } from './levels.js';
import { drawScope } from './scope.js';
import { spectrumDb } from './fft.js';
import { drawSpectrum } from './spectrum.js';

export interface MeterCanvases {
  scope: HTMLCanvasElement;
  spectrum: HTMLCanvasElement;
  levels: HTMLCanvasElement;
  gauges: HTMLCanvasElement;
}

export interface MeterSource {
  venue(): Venue | undefined;
  stats(): VenueStats | undefined;
}

export function startMeters(canvases: MeterCanvases, source: MeterSource): { frames(): number } {
  const levels = new LevelMeters();
  let time = new Float32Array(2048);
  let bins = new Float32Array(1024);
  let frames = 0;
  let lastWave: number[] | undefined;
  let serverTime: Float32Array | undefined;
  let serverBins: Float32Array | undefined;
  const frame = () => {
    frames++;
    const venue = source.venue();
    const stats = source.stats();
    const analyser = venue?.analyser;
    let master = stats?.peak ?? 0;
    if (analyser) {
      if (time.length !== analyser.fftSize) time = new Float32Array(analyser.fftSize);
      if (bins.length !== analyser.frequencyBinCount) bins = new Float32Array(analyser.frequencyBinCount);
      analyser.getFloatTimeDomainData(time);
      analyser.getFloatFrequencyData(bins);
      master = 0;
      for (let i = 0; i < time.length; i++) master = Math.max(master, Math.abs(time[i]!));
    }
    let shape: Float32Array | undefined = analyser ? time : undefined;
    let heard: Float32Array | undefined = analyser ? bins : undefined;
    if (!analyser && stats?.wave && stats.wave !== lastWave) {
      // A server venue: its output's last frames came with its stats.
      lastWave = stats.wave;
      serverTime = Float32Array.from(stats.wave);
      serverBins = spectrumDb(serverTime);
    }
    if (!analyser && serverTime && stats?.wave) {
      shape = serverTime;
      heard = serverBins;
    }
    drawScope(canvases.scope, shape);
    drawSpectrum(canvases.spectrum, heard, venue?.sampleRate ?? 48000);
    const rows: Array<[string, number]> = [['master', master], ...Object.entries(stats?.levels ?? {})];
    levels.draw(canvases.levels, rows);
    drawGauges(canvases.gauges, stats);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return { frames: () => frames };
}
