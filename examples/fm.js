// FM: a carrier whose frequency follows a modulator at a 3:2 ratio; the index breathes, bell-like to brassy.
const mod = osc(330);
const index = s => 200 + 600 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.25 * s.t));
play('fm', pipe(
  osc(s => 220 + index(s) * mod(s)),
  x => gain(x, 0.25)
));
