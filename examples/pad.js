// A pad: three detuned saws per note of a minor chord, a slow filter, chorus and a long reverb.
const chord = [220, 261.63, 329.63];
const voices = chord.flatMap(f => [saw(f * 0.997), saw(f * 1.003)]);
const swell = s => 0.5 - 0.5 * Math.cos(2 * Math.PI * 0.1 * s.t);
play('pad', pipe(
  mix(...voices),
  x => lpf(x, s => 500 + 1500 * swell(s), 0.3),
  x => chorus(x),
  x => reverb(x, 4, 0.5, 0.45),
  x => gain(x, 0.08)
));
