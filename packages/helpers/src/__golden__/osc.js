const view = V, bad = BAD;
return function run(at, frames, frame0, rec, direct) {
  const m = view.m, acc = view.acc, out = view.out, s = view.s;
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  let f = 0;
  let p0_0 = m[129];
  try {
    if (g === target) {
      if (!direct) {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
          let n0; { let f$0 = 440; {
	const p$0 = p0_0;
	const next$0 = p$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	n0 = Math.sin(6.283185307179586 * p$0);
} }
      if (n0 - n0 !== 0) { rec.gain = g; bad[0] = n0; m[129] = p0_0; return f + 1; }
          const y = n0 * g;
      acc[a + 0] += y;
        }
      } else {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
          let n0; { let f$0 = 440; {
	const p$0 = p0_0;
	const next$0 = p$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	n0 = Math.sin(6.283185307179586 * p$0);
} }
      if (n0 - n0 !== 0) { rec.gain = g; bad[0] = n0; m[129] = p0_0; return f + 1; }
          const y = n0 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
        }
      }
      m[129] = p0_0; return 0;
    }
    for (f = 0; f < frames; f++) {
      const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        m[129] = p0_0; return -f - 1;
      }
      let n0; { let f$0 = 440; {
	const p$0 = p0_0;
	const next$0 = p$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	n0 = Math.sin(6.283185307179586 * p$0);
} }
      if (n0 - n0 !== 0) { rec.gain = g; bad[0] = n0; m[129] = p0_0; return f + 1; }
      if (!direct) {
        const y = n0 * g;
      acc[a + 0] += y;
      } else {
        const y = n0 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
      }
    }
  } catch (error) {
    s.frame = frame0 + f;
    m[129] = p0_0; throw error;
  }
  rec.gain = g;
  m[129] = p0_0; return 0;
};