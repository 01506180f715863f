// A 32-signal stereo piece: 8 each of saw·lpf, pulse·ladder·pan, noise·bpf·reverb, tri·chorus.
// Loading it while something plays is the heaviest evaluation a performer does.
const root = [55, 65.41, 73.42, 82.41, 98, 110, 123.47, 130.81];
root.forEach((f, i) => {
  play(`saw${i}`, pipe(saw(f * 2), x => lpf(x, 600 + 150 * i, 0.4), x => gain(x, 0.02)));
  play(`pulse${i}`, pipe(pulse(f * 3, 0.3), x => ladder(x, 900 + 100 * i, 0.5), x => pan(x, i / 4 - 0.875), x => gain(x, 0.02)));
  play(`air${i}`, pipe(noise(i + 1), x => bpf(x, 400 * (i + 1), 0.8), x => reverb(x, 1.5, 0.3, 0.4), x => gain(x, 0.02)));
  play(`tri${i}`, pipe(tri(f * 4), x => chorus(x), x => gain(x, 0.02)));
});
