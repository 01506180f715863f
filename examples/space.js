// A stereo space: a blip wandering left to right, echoed in ping-pong delays and a wide reverb.
const blip = decay(clock(90, 2), 18);
const tone = tri(seq([523.25, 659.25, 783.99, 987.77], clock(90, 2)));
const voice = share(s => tone(s) * blip(s) * 0.4);
play('left', pipe(voice, x => feedback(x, 1, 0.333, 0.45), x => pan(x, -0.8), x => reverb(x, 3, 0.4, 0.35)));
play('right', pipe(voice, x => delay(x, 1, 0.1665), x => feedback(x, 1, 0.333, 0.45), x => pan(x, 0.8), x => reverb(x, 3, 0.4, 0.35)));
