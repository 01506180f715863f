// A bass line: a sawtooth sequence through a resonant low-pass whose cutoff opens on each note.
const step = clock(124, 4);
const notes = seq([55, 55, 110, 55, 82.41, 55, 98, 73.42], step);
const pluckEnv = decay(step, 14);
play('bass', pipe(
  saw(slew(notes, 0.01)),
  x => lpf(x, s => 180 + 2200 * pluckEnv(s), 0.75),
  x => tanh(x, 1.5),
  x => gain(x, 0.35)
));
