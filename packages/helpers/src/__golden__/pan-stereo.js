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
      const a = at + f * 2;
      s.frame = fr;
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
      let n1; { let x$1 = n0, p$1 = 0.3; {
	const theta$1 = ((p$1 < -1 ? -1 : p$1 > 1 ? 1 : p$1) + 1) * (Math.PI / 4);
	const left$1 = s.channels === 1 ? 1 : Math.cos(theta$1);
	n1 = x$1 * (0 === 0 ? left$1 : Math.sin(theta$1));
} }
      let n2; { let x$2 = n0, p$2 = 0.3; {
	const theta$2 = ((p$2 < -1 ? -1 : p$2 > 1 ? 1 : p$2) + 1) * (Math.PI / 4);
	const left$2 = s.channels === 1 ? 1 : Math.cos(theta$2);
	n2 = x$2 * (1 === 0 ? left$2 : Math.sin(theta$2));
} }
      if (n1 - n1 !== 0) { rec.gain = g; bad[0] = n1; m[129] = p0_0; return f + 1; }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[129] = p0_0; return f + 1; }
          acc[a + 0] += n1 * g;
      acc[a + 1] += n2 * g;
        }
      } else {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 2;
      s.frame = fr;
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
      let n1; { let x$1 = n0, p$1 = 0.3; {
	const theta$1 = ((p$1 < -1 ? -1 : p$1 > 1 ? 1 : p$1) + 1) * (Math.PI / 4);
	const left$1 = s.channels === 1 ? 1 : Math.cos(theta$1);
	n1 = x$1 * (0 === 0 ? left$1 : Math.sin(theta$1));
} }
      let n2; { let x$2 = n0, p$2 = 0.3; {
	const theta$2 = ((p$2 < -1 ? -1 : p$2 > 1 ? 1 : p$2) + 1) * (Math.PI / 4);
	const left$2 = s.channels === 1 ? 1 : Math.cos(theta$2);
	n2 = x$2 * (1 === 0 ? left$2 : Math.sin(theta$2));
} }
      if (n1 - n1 !== 0) { rec.gain = g; bad[0] = n1; m[129] = p0_0; return f + 1; }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[129] = p0_0; return f + 1; }
          { const v = acc[a + 0] + n1 * g; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
      { const v = acc[a + 1] + n2 * g; out[a + 1] = v > 1 ? 1 : v < -1 ? -1 : v; }
        }
      }
      m[129] = p0_0; return 0;
    }
    for (f = 0; f < frames; f++) {
      const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 2;
      s.frame = fr;
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        m[129] = p0_0; return -f - 1;
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
      let n1; { let x$1 = n0, p$1 = 0.3; {
	const theta$1 = ((p$1 < -1 ? -1 : p$1 > 1 ? 1 : p$1) + 1) * (Math.PI / 4);
	const left$1 = s.channels === 1 ? 1 : Math.cos(theta$1);
	n1 = x$1 * (0 === 0 ? left$1 : Math.sin(theta$1));
} }
      let n2; { let x$2 = n0, p$2 = 0.3; {
	const theta$2 = ((p$2 < -1 ? -1 : p$2 > 1 ? 1 : p$2) + 1) * (Math.PI / 4);
	const left$2 = s.channels === 1 ? 1 : Math.cos(theta$2);
	n2 = x$2 * (1 === 0 ? left$2 : Math.sin(theta$2));
} }
      if (n1 - n1 !== 0) { rec.gain = g; bad[0] = n1; m[129] = p0_0; return f + 1; }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[129] = p0_0; return f + 1; }
      if (!direct) {
        acc[a + 0] += n1 * g;
      acc[a + 1] += n2 * g;
      } else {
        { const v = acc[a + 0] + n1 * g; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
      { const v = acc[a + 1] + n2 * g; out[a + 1] = v > 1 ? 1 : v < -1 ? -1 : v; }
      }
    }
  } catch (error) {
    s.frame = frame0 + f;
    m[129] = p0_0; throw error;
  }
  rec.gain = g;
  m[129] = p0_0; return 0;
};