import { kernel, widen, type ChannelInit, type KernelPrepare, type KernelStep, type Param, type Signal, type NormalRange, type Seconds } from '@aither/core';
import { check, checkSignal } from './param.js';

// Delay times in seconds (not samples), so the room sounds the same at every
// rate. Eight parallel feedback combs, mutually detuned so their echoes do not
// line up, then four series all-passes to thicken the echo density.
const COMBS = [0.0253, 0.0269, 0.0289, 0.0307, 0.0322, 0.0338, 0.0353, 0.0367];
const ALLPASSES = [0.0126, 0.01, 0.0077, 0.0051];
/** Extra delay of the right channel: what makes the two sides differ (stereo width). */
const SPREAD = 0.00052;
const NC = COMBS.length;
const NA = ALLPASSES.length;
/** The corner of the crossover that keeps the lows out of the combs, Hz (see {@link reverb}). */
const LOW_HZ = 5;
// Per channel: [crossover ×2 | comb index ×8, comb filter state ×8, comb length ×8, comb gain ×8,
//               allpass index ×4, allpass length ×4, wet sample, rt60, lines...]. The
// crossover's two slots are the kernel's registers (the compiled loop holds them in
// locals); the rest, from NET on, only functions handed `m` touch, at offsets from NET.
const NET = 2;
const WET = 4 * NC + 2 * NA;
const T60 = WET + 1;
const HEAD = T60 + 1;
/** 2π·LOW_HZ: times the frame's duration, the crossover's coefficient (2·sin(π·LOW_HZ/sr), closely). */
const LOW_TURN = 2 * Math.PI * LOW_HZ;

function lengths(sr: number, channel: number): number[] {
  const extra = channel > 0 ? SPREAD : 0;
  return [...COMBS, ...ALLPASSES].map((t) => Math.max(2, Math.round((t + extra) * sr)));
}

/**
 * One frame of the combs and all-passes, fed `x` (already scaled by 1/8, for
 * the eight combs); leaves the wet sample in slot WET of `o`, the network's own
 * region (the block's NET). A separate function that returns nothing: it keeps
 * the step small, and a call that is not inlined boxes no double.
 */
function network(m: Float64Array, o: number, x: number, damp: number): void {
  let line = o + HEAD;
  let wet = 0;
  for (let i = 0; i < NC; i++) {
    const len = m[o + 2 * NC + i]!;
    const w = m[o + i]!;
    const out = m[line + w]!;
    const f = out + damp * (m[o + NC + i]! - out); // one-pole low-pass in the loop
    m[o + NC + i] = f;
    m[line + w] = x + m[o + 3 * NC + i]! * f;
    m[o + i] = w + 1 === len ? 0 : w + 1;
    wet += out;
    line += len;
  }
  for (let i = 0; i < NA; i++) {
    const len = m[o + 4 * NC + NA + i]!;
    const w = m[o + 4 * NC + i]!;
    const delayed = m[line + w]!;
    const v = wet + 0.5 * delayed;
    m[line + w] = v;
    m[o + 4 * NC + i] = w + 1 === len ? 0 : w + 1;
    wet = delayed - 0.5 * v;
    line += len;
  }
  m[o + WET] = wet;
}

/** The wet sample {@link network} left (read through a function: the step touches no slot of the network's). */
function wetOf(m: Float64Array, o: number): number {
  return m[o + WET]!;
}

/**
 * Each comb's feedback gain, when rt60 is new; `o` is the network's region.
 * Outside the prepare, which then touches no slot itself.
 */
function combGains(m: Float64Array, o: number, t60: number, sr: number): void {
  if (t60 === m[o + T60]) return;
  m[o + T60] = t60;
  for (let i = 0; i < NC; i++) m[o + 3 * NC + i] = Math.pow(10, (-3 * m[o + 2 * NC + i]!) / (t60 * sr));
}

/**
 * A small stereo reverb (a Schroeder/Moorer structure: eight damped feedback
 * combs into four all-passes per channel, the right channel's delays longer
 * by 0.52 ms). Each comb's feedback gives a decay of `rt60`:
 * `g = 10^(−3·D/(rt60·sr))`, exact at damping 0 (and, with damping, for the
 * lows). Below about 5 Hz the input goes round the combs rather than through
 * them: the wet path's gain at DC is 1 at any rt60, so an offset in the input
 * (a pulse wave has one) neither builds up in a long tail nor saturates it.
 *
 * @param input - the signal (mono input gives a stereo result).
 * @param rt60 - seconds for the tail to fall by 60 dB, >= 0.01 (clamped), constant or signal.
 * @param damping - 0..1, how much the highs die faster than the lows (the lows keep `rt60`).
 * @param mix - 0 (dry) .. 1 (wet).
 * @example `play('space', reverb(gain(saw(220), decay(phasor(0.5), 6)), 2.5, 0.4, 0.35))`
 */
export function reverb(input: Signal, rt60: Param<Seconds> = 2, damping: Param<NormalRange> = 0.3, mix: Param<NormalRange> = 0.3): Signal {
  checkSignal('reverb', 'input', input);
  check('reverb', 'rt60', rt60);
  check('reverb', 'damping', damping);
  check('reverb', 'mix', mix);
  widen(2);
  const slots = (sr: number) => NET + HEAD + lengths(sr, 1).reduce((a, b) => a + b, 0);
  const init: ChannelInit = (m, o, channel, _key, sr) => {
    const lens = lengths(sr, channel);
    for (let i = 0; i < NC; i++) m[o + NET + 2 * NC + i] = lens[i]!;
    for (let i = 0; i < NA; i++) m[o + NET + 4 * NC + NA + i] = lens[NC + i]!;
  };
  return kernel('reverb', slots, [input, rt60, damping, mix], reverbStep, {
    init,
    prepare: reverbPrepare,
    uses: { HEAD, NC, NA, NET, WET, T60, LOW_TURN, network, wetOf, combGains },
    registers: NET,
  });
}

/** The comb gains follow rt60 (once per block while it is constant). */
const reverbPrepare: KernelPrepare = (m, o, s, x, rt60) => {
  const t60 = Math.max(0.01, rt60);
  combGains(m, o + NET, t60, s.sr);
};

/**
 * One frame of {@link reverb}. The crossover at LOW_HZ is a state-variable
 * filter (Chamberlin's, Butterworth): its low-pass carries the lows past the
 * combs, and its high-pass, which feeds them, has a double zero at DC, so a
 * step's high-passed part sums to nothing and leaves no lasting offset even
 * in a tail that never decays.
 */
const reverbStep: KernelStep = (m, o, s, x, rt60, damping, amount) => {
  const low = m[o]!;
  const band = m[o + 1]!;
  const high = x - low - Math.SQRT2 * band;
  network(m, o + NET, high * 0.125, Math.min(Math.max(damping, 0), 1) * 0.7);
  const f = LOW_TURN * s.dt;
  const band1 = band + f * high;
  m[o + 1] = band1;
  m[o] = low + f * band1;
  const wet = wetOf(m, o + NET);
  return x * (1 - amount) + (wet + low) * amount;
};
