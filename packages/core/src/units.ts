/**
 * What a number means, for signatures: `osc(freq: Param<Hz>)`,
 * `delay(x, maxSeconds: Seconds, seconds: Param<Seconds>)`. Each is any number
 * (a number is one and it is a number: nothing to convert, nothing checked); it
 * names the unit so that an editor's hover tells a performer what to give.
 *
 * Written `number & {}` rather than `number`: an alias of a bare primitive is
 * shown as `number` in hovers and declaration output, this one keeps its name.
 */

/** A frequency in hertz (cycles per second), e.g. `440`. */
export type Hz = number & {};

/** A time in seconds, e.g. `0.005` for 5 ms. */
export type Seconds = number & {};

/** A linear amplitude factor: `1` leaves the level as it is, `0.5` is −6 dB, `0` is silence. */
export type Gain = number & {};

/** A level in decibels relative to full scale (0 dBFS = a sample of ±1), e.g. `-18`. */
export type Decibels = number & {};

/** A proportion from 0 to 1 (a depth, a mix, a duty cycle). */
export type NormalRange = number & {};

/** A position or amount from −1 to 1 (a pan position, a bipolar depth). */
export type AudioRange = number & {};

/** A tempo in beats per minute, e.g. `120`. */
export type BPM = number & {};
