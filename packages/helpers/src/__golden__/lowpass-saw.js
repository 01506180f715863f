const view = V, bad = BAD;
return function run(at, frames, frame0, rec, direct) {
  const m = view.m, acc = view.acc, out = view.out, s = view.s;
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  let f = 0;
  { let x$1 = 0, fc$1 = 800; {
	if (fc$1 !== m[260]) {
		m[260] = fc$1;
		const g$1 = Math.tan(Math.PI * Math.min(Math.max(0, fc$1), .5 * (48000)) / (48000));
		m[261] = g$1 / (1 + g$1);
	}
} }
  let p0_0 = m[129];
  let p1_0 = m[259];
  let p1_2 = m[261];
  try {
    if (g === target) {
      if (!direct) {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
          let n0; { let f$0 = 110; {
	const t$0 = p0_0;
	const dt$0 = Math.min(.5, Math.abs(f$0) * (0.000020833333333333333));
	const next$0 = t$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	// Module functions called as whole statements are written into the loop too (see docs/helpers.md).
	let edge$0; { let t$0_0 = t$0, dt$0_0 = dt$0; {
	// Both halves computed on every sample, then one picked: for a slow pulse
	// (a 1 Hz gate) the falling edge's arithmetic would otherwise first run a
	// second after V8 optimised the loop, without type feedback, and the
	// deoptimisation could leave the loop unoptimised and allocating for good.
	// (dt = 0 gives NaN halves that are never picked.) Between edges it returns
	// −0, not 0: V8 keeps 0 as a small integer, and arithmetic that saw only
	// small integers for a second is compiled for integers, then deoptimised by
	// the first fraction.
	const after$0_0 = t$0_0 / dt$0_0;
	const before$0_0 = (t$0_0 - 1) / dt$0_0;
	const rise$0_0 = after$0_0 + after$0_0 - after$0_0 * after$0_0 - 1;
	const fall$0_0 = before$0_0 * before$0_0 + before$0_0 + before$0_0 + 1;
	edge$0 = t$0_0 < dt$0_0 ? rise$0_0 : t$0_0 > 1 - dt$0_0 ? fall$0_0 : -0;
} }
	n0 = 2 * t$0 - 1 - edge$0;
} }
      let n1; { let x$1 = n0; {
	const z$1 = p1_0;
	const v$1 = p1_2 * (x$1 - z$1);
	const y$1 = v$1 + z$1;
	p1_0 = y$1 + v$1;
	n1 = y$1;
} }
      if (n1 - n1 !== 0) { rec.gain = g; bad[0] = n1; m[129] = p0_0; m[259] = p1_0; m[261] = p1_2; return f + 1; }
          const y = n1 * g;
      acc[a + 0] += y;
        }
      } else {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
          let n0; { let f$0 = 110; {
	const t$0 = p0_0;
	const dt$0 = Math.min(.5, Math.abs(f$0) * (0.000020833333333333333));
	const next$0 = t$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	// Module functions called as whole statements are written into the loop too (see docs/helpers.md).
	let edge$0; { let t$0_0 = t$0, dt$0_0 = dt$0; {
	// Both halves computed on every sample, then one picked: for a slow pulse
	// (a 1 Hz gate) the falling edge's arithmetic would otherwise first run a
	// second after V8 optimised the loop, without type feedback, and the
	// deoptimisation could leave the loop unoptimised and allocating for good.
	// (dt = 0 gives NaN halves that are never picked.) Between edges it returns
	// −0, not 0: V8 keeps 0 as a small integer, and arithmetic that saw only
	// small integers for a second is compiled for integers, then deoptimised by
	// the first fraction.
	const after$0_0 = t$0_0 / dt$0_0;
	const before$0_0 = (t$0_0 - 1) / dt$0_0;
	const rise$0_0 = after$0_0 + after$0_0 - after$0_0 * after$0_0 - 1;
	const fall$0_0 = before$0_0 * before$0_0 + before$0_0 + before$0_0 + 1;
	edge$0 = t$0_0 < dt$0_0 ? rise$0_0 : t$0_0 > 1 - dt$0_0 ? fall$0_0 : -0;
} }
	n0 = 2 * t$0 - 1 - edge$0;
} }
      let n1; { let x$1 = n0; {
	const z$1 = p1_0;
	const v$1 = p1_2 * (x$1 - z$1);
	const y$1 = v$1 + z$1;
	p1_0 = y$1 + v$1;
	n1 = y$1;
} }
      if (n1 - n1 !== 0) { rec.gain = g; bad[0] = n1; m[129] = p0_0; m[259] = p1_0; m[261] = p1_2; return f + 1; }
          const y = n1 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
        }
      }
      m[129] = p0_0; m[259] = p1_0; m[261] = p1_2; return 0;
    }
    for (f = 0; f < frames; f++) {
      const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        m[129] = p0_0; m[259] = p1_0; m[261] = p1_2; return -f - 1;
      }
      let n0; { let f$0 = 110; {
	const t$0 = p0_0;
	const dt$0 = Math.min(.5, Math.abs(f$0) * (0.000020833333333333333));
	const next$0 = t$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	// Module functions called as whole statements are written into the loop too (see docs/helpers.md).
	let edge$0; { let t$0_0 = t$0, dt$0_0 = dt$0; {
	// Both halves computed on every sample, then one picked: for a slow pulse
	// (a 1 Hz gate) the falling edge's arithmetic would otherwise first run a
	// second after V8 optimised the loop, without type feedback, and the
	// deoptimisation could leave the loop unoptimised and allocating for good.
	// (dt = 0 gives NaN halves that are never picked.) Between edges it returns
	// −0, not 0: V8 keeps 0 as a small integer, and arithmetic that saw only
	// small integers for a second is compiled for integers, then deoptimised by
	// the first fraction.
	const after$0_0 = t$0_0 / dt$0_0;
	const before$0_0 = (t$0_0 - 1) / dt$0_0;
	const rise$0_0 = after$0_0 + after$0_0 - after$0_0 * after$0_0 - 1;
	const fall$0_0 = before$0_0 * before$0_0 + before$0_0 + before$0_0 + 1;
	edge$0 = t$0_0 < dt$0_0 ? rise$0_0 : t$0_0 > 1 - dt$0_0 ? fall$0_0 : -0;
} }
	n0 = 2 * t$0 - 1 - edge$0;
} }
      let n1; { let x$1 = n0; {
	const z$1 = p1_0;
	const v$1 = p1_2 * (x$1 - z$1);
	const y$1 = v$1 + z$1;
	p1_0 = y$1 + v$1;
	n1 = y$1;
} }
      if (n1 - n1 !== 0) { rec.gain = g; bad[0] = n1; m[129] = p0_0; m[259] = p1_0; m[261] = p1_2; return f + 1; }
      if (!direct) {
        const y = n1 * g;
      acc[a + 0] += y;
      } else {
        const y = n1 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
      }
    }
  } catch (error) {
    s.frame = frame0 + f;
    m[129] = p0_0; m[259] = p1_0; m[261] = p1_2; throw error;
  }
  rec.gain = g;
  m[129] = p0_0; m[259] = p1_0; m[261] = p1_2; return 0;
};