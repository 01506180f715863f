// Drums: a kick with a falling pitch, a clap of filtered noise, sixteenth hats.
const beat = clock(124);
const kickEnv = decay(beat, 9);
const kickTone = osc(s => 45 + 90 * kickEnv(s) ** 3);
play('kick', s => Math.tanh(2.5 * kickTone(s) * kickEnv(s)) * 0.5);
const clap = decay(clock(62), 22);
const clapNoise = bpf(noise(7), 1400, 0.5);
play('clap', s => clapNoise(s) * clap(s) * 0.6);
const hatEnv = decay(clock(124, 4), 40);
const hiss = hpf(noise(3), 8000, 0.2);
play('hats', pan(s => hiss(s) * hatEnv(s) * 0.25, 0.3));
