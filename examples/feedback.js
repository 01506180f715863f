// A feedback texture: pink noise into a short comb, fed back near the edge, folded and softened.
play('texture', pipe(
  pink(11),
  x => gain(x, 0.05),
  x => feedback(x, 0.05, s => 0.004 + 0.002 * Math.sin(2 * Math.PI * 0.07 * s.t), 0.97),
  x => fold(x, 1.5),
  x => lowpass(x, 2500),
  x => dcblock(x),
  x => reverb(x, 5, 0.6, 0.5),
  x => gain(x, 0.3)
));
