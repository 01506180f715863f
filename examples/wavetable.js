// A wavetable: a hand-drawn single cycle read at the note's frequency, swept through a band-pass.
const cycle = [0, 0.9, 0.4, 1, -0.2, -1, -0.5, -0.8];
const notes = seq([146.83, 174.61, 220, 196], clock(60, 1));
play('table', pipe(
  wave(notes, cycle),
  x => bpf(x, s => 800 + 600 * Math.sin(2 * Math.PI * 0.3 * s.t), 0.4),
  x => pan(x, s => 0.5 * Math.sin(2 * Math.PI * 0.2 * s.t)),
  x => gain(x, 0.3)
));
