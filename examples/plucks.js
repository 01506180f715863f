// Plucks (needs @aither/helpers-physical): Karplus-Strong strings on an arpeggio, with a bell on the bar.
const step = clock(140, 2);
const notes = seq([196, 246.94, 293.66, 392, 293.66, 246.94], step);
play('strings', pipe(pluck(notes, trigger(step), 0.995), x => pan(x, -0.2), x => gain(x, 0.5)));
play('bell', pipe(bell(784, trigger(clock(35)), 2), x => pan(x, 0.4), x => gain(x, 0.15)));
