// A small groove using the helper library: kick, bass line and moving air.
const beat = clock(120);
const kick = osc(55);
const env = decay(beat, 12);
play('kick', s => kick(s) * env(s) * 0.8);
play('bass', pipe(saw(seq([55, 55, 82.5, 73.4], clock(120, 2))), x => lpf(x, 500, 0.6), x => gain(x, 0.3)));
play('air', pipe(pink(), x => hpf(x, 6000), x => pan(x, s => Math.sin(s.t)), x => gain(x, 0.05)));
