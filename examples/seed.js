register('filtered-delayed-sine',
  pipe(
    osc(440),
    signal => lowpass(signal, 800),
    signal => tremolo(signal, 5, 0.8),
    signal => delay(signal, 0.5, 0.25),
    signal => gain(signal, 0.4)
  )
);
