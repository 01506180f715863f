const view = V, bad = BAD;
const u0 = U[0];
return function run(at, frames, frame0, rec, direct) {
  const m = view.m, acc = view.acc, out = view.out, s = view.s;
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  let f = 0;
  { let x$0 = 0, fc$0 = 900; {
	if (fc$0 !== m[260]) {
		m[260] = fc$0;
		const g$0 = Math.tan(Math.PI * Math.min(Math.max(0, fc$0), .5 * (48000)) / (48000));
		m[261] = g$0 / (1 + g$0);
	}
} }
  try {
    if (g === target) {
      if (!direct) {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      s.frame = fr;
          s.ch = 0; const u0_0 = u0(s);
      let n0; if (m[130] >= fr) n0 = m[130 + 1 + r]; else { m[130] = fr; { let x$0 = u0_0; {
	const z$0 = m[259];
	const v$0 = m[261] * (x$0 - z$0);
	const y$0 = v$0 + z$0;
	m[259] = y$0 + v$0;
	n0 = y$0;
} } m[130 + 1 + r] = n0; }
      if (n0 - n0 !== 0) { rec.gain = g; bad[0] = n0; return f + 1; }
          const y = n0 * g;
      acc[a + 0] += y;
        }
      } else {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      s.frame = fr;
          s.ch = 0; const u0_0 = u0(s);
      let n0; if (m[130] >= fr) n0 = m[130 + 1 + r]; else { m[130] = fr; { let x$0 = u0_0; {
	const z$0 = m[259];
	const v$0 = m[261] * (x$0 - z$0);
	const y$0 = v$0 + z$0;
	m[259] = y$0 + v$0;
	n0 = y$0;
} } m[130 + 1 + r] = n0; }
      if (n0 - n0 !== 0) { rec.gain = g; bad[0] = n0; return f + 1; }
          const y = n0 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
        }
      }
      return 0;
    }
    for (f = 0; f < frames; f++) {
      const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      s.frame = fr;
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        return -f - 1;
      }
      s.ch = 0; const u0_0 = u0(s);
      let n0; if (m[130] >= fr) n0 = m[130 + 1 + r]; else { m[130] = fr; { let x$0 = u0_0; {
	const z$0 = m[259];
	const v$0 = m[261] * (x$0 - z$0);
	const y$0 = v$0 + z$0;
	m[259] = y$0 + v$0;
	n0 = y$0;
} } m[130 + 1 + r] = n0; }
      if (n0 - n0 !== 0) { rec.gain = g; bad[0] = n0; return f + 1; }
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
    throw error;
  }
  rec.gain = g;
  return 0;
};