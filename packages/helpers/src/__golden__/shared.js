// a
const view = V, bad = BAD;
return function run(at, frames, frame0, rec, direct) {
  const m = view.m, acc = view.acc, out = view.out, s = view.s;
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  let f = 0;
  let p0_0 = m[259];
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
      let n1; if (m[0] >= fr) n1 = m[0 + 1 + r]; else { m[0] = fr; { let f$1 = 3; {
	const p$1 = m[129];
	const next$1 = p$1 + f$1 * (0.000020833333333333333);
	m[129] = next$1 - Math.floor(next$1);
	n1 = Math.sin(6.283185307179586 * p$1);
} } m[0 + 1 + r] = n1; }
      let n2; { let x$2 = n0, a$2 = n1; n2 = (x$2 * a$2); }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[259] = p0_0; return f + 1; }
          const y = n2 * g;
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
      let n1; if (m[0] >= fr) n1 = m[0 + 1 + r]; else { m[0] = fr; { let f$1 = 3; {
	const p$1 = m[129];
	const next$1 = p$1 + f$1 * (0.000020833333333333333);
	m[129] = next$1 - Math.floor(next$1);
	n1 = Math.sin(6.283185307179586 * p$1);
} } m[0 + 1 + r] = n1; }
      let n2; { let x$2 = n0, a$2 = n1; n2 = (x$2 * a$2); }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[259] = p0_0; return f + 1; }
          const y = n2 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
        }
      }
      m[259] = p0_0; return 0;
    }
    for (f = 0; f < frames; f++) {
      const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        m[259] = p0_0; return -f - 1;
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
      let n1; if (m[0] >= fr) n1 = m[0 + 1 + r]; else { m[0] = fr; { let f$1 = 3; {
	const p$1 = m[129];
	const next$1 = p$1 + f$1 * (0.000020833333333333333);
	m[129] = next$1 - Math.floor(next$1);
	n1 = Math.sin(6.283185307179586 * p$1);
} } m[0 + 1 + r] = n1; }
      let n2; { let x$2 = n0, a$2 = n1; n2 = (x$2 * a$2); }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[259] = p0_0; return f + 1; }
      if (!direct) {
        const y = n2 * g;
      acc[a + 0] += y;
      } else {
        const y = n2 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
      }
    }
  } catch (error) {
    s.frame = frame0 + f;
    m[259] = p0_0; throw error;
  }
  rec.gain = g;
  m[259] = p0_0; return 0;
};

// b
const view = V, bad = BAD;
return function run(at, frames, frame0, rec, direct) {
  const m = view.m, acc = view.acc, out = view.out, s = view.s;
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  let f = 0;
  { let f$0 = 220; {
	const grid$0 = Math.round(Math.abs(f$0) * (0.000020833333333333333) * 65536);
	if (grid$0 !== m[390]) {
		m[390] = grid$0;
		const dt$0 = grid$0 / 65536;
		// Module functions called as whole statements are written in too (see docs/helpers.md).
		let g3$0; { let x$0_0 = 3 * dt$0; {
	const g$0_0 = 10 - 20 * x$0_0;
	const full$0_0 = g$0_0 > 1;
	const none$0_0 = g$0_0 < 0;
	g3$0 = full$0_0 ? 1 : none$0_0 ? 0 : g$0_0;
} }
		let g5$0; { let x$0_1 = 5 * dt$0; {
	const g$0_1 = 10 - 20 * x$0_1;
	const full$0_1 = g$0_1 > 1;
	const none$0_1 = g$0_1 < 0;
	g5$0 = full$0_1 ? 1 : none$0_1 ? 0 : g$0_1;
} }
		let g7$0; { let x$0_2 = 7 * dt$0; {
	const g$0_2 = 10 - 20 * x$0_2;
	const full$0_2 = g$0_2 > 1;
	const none$0_2 = g$0_2 < 0;
	g7$0 = full$0_2 ? 1 : none$0_2 ? 0 : g$0_2;
} }
		let g9$0; { let x$0_3 = 9 * dt$0; {
	const g$0_3 = 10 - 20 * x$0_3;
	const full$0_3 = g$0_3 > 1;
	const none$0_3 = g$0_3 < 0;
	g9$0 = full$0_3 ? 1 : none$0_3 ? 0 : g$0_3;
} }
		let g11$0; { let x$0_4 = 11 * dt$0; {
	const g$0_4 = 10 - 20 * x$0_4;
	const full$0_4 = g$0_4 > 1;
	const none$0_4 = g$0_4 < 0;
	g11$0 = full$0_4 ? 1 : none$0_4 ? 0 : g$0_4;
} }
		let g13$0; { let x$0_5 = 13 * dt$0; {
	const g$0_5 = 10 - 20 * x$0_5;
	const full$0_5 = g$0_5 > 1;
	const none$0_5 = g$0_5 < 0;
	g13$0 = full$0_5 ? 1 : none$0_5 ? 0 : g$0_5;
} }
		// The coefficient of s^(2j+1) is 8/π² · Σ gₙ·[s^(2j+1)]Tₙ/n², its numbers multiplied out (no division per frame).
		m[391] = .8105694691387022 - .27018982304623407 * g3$0 + .16211389382774044 * g5$0 - .11579563844838603 * g7$0 + .09006327434874468 * g9$0 - .07368813355806383 * g11$0 + .06235149762605401 * g13$0;
		m[392] = .36025309739497874 * g3$0 - .6484555753109618 * g5$0 + .9263651075870882 * g7$0 - 1.2008436579832624 * g9$0 + 1.4737626711612768 * g11$0 - 1.7458419335295126 * g13$0;
		m[393] = .5187644602487694 * g5$0 - 1.8527302151741765 * g7$0 + 4.323037168739745 * g9$0 - 8.25307095850315 * g11$0 + 13.9667354682361 * g13$0;
		m[394] = 1.0587029800995293 * g7$0 - 5.76404955831966 * g9$0 + 18.86416219086434 * g11$0 - 47.88595017680949 * g13$0;
		m[395] = 2.561799803697627 * g9$0 - 18.86416219086434 * g11$0 + 79.80991696134913 * g13$0;
		m[396] = 6.859695342132488 * g11$0 - 63.84793356907931 * g13$0;
		m[397] = 19.645518021255175 * g13$0;
		const w$0 = (dt$0 - 1 / 30) * 60;
		// Both comparisons made whenever this runs (once per grid): one made only when the first
		// fails could first run long after V8 optimised it (a low note after high ones).
		const full$0 = w$0 > 1;
		const none$0 = w$0 < 0;
		m[398] = full$0 ? 1 : none$0 ? 0 : w$0;
	}
} }
  let p0_0 = m[389];
  let p0_2 = m[391];
  let p0_3 = m[392];
  let p0_4 = m[393];
  let p0_5 = m[394];
  let p0_6 = m[395];
  let p0_7 = m[396];
  let p0_8 = m[397];
  let p0_9 = m[398];
  try {
    if (g === target) {
      if (!direct) {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
          let n0; { let f$0 = 220; {
	const t$0 = p0_0;
	const dt$0 = Math.abs(f$0) * (0.000020833333333333333);
	const next$0 = t$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	// Both forms are computed on every sample, then mixed (see blep on late-first arithmetic).
	const ahead$0 = t$0 + .25;
	const behind$0 = t$0 - .75;
	const u$0 = ahead$0 < 1 ? ahead$0 : behind$0;
	const v$0 = 1 - 4 * Math.abs(u$0 - .5);
	// Its corners: the peak at phase 0.25 (slope −8 per cycle), the trough at 0.75 (+8), as phase distances within half a cycle.
	const toPeak$0 = t$0 - .25;
	const peakBefore$0 = toPeak$0 - 1;
	const toTrough$0 = t$0 - .75;
	const troughAfter$0 = toTrough$0 + 1;
	const peak$0 = toPeak$0 > .5 ? peakBefore$0 : toPeak$0;
	const trough$0 = toTrough$0 < -.5 ? troughAfter$0 : toTrough$0;
	let round$0; { let phase$0_0 = peak$0, dt$0_0 = dt$0; {
	// Computed on every sample, −0 between corners (see blep); dt = 0 gives NaN, never picked.
	const x$0_0 = phase$0_0 / dt$0_0;
	const a$0_0 = 1 - Math.abs(x$0_0);
	const cube$0_0 = a$0_0 * a$0_0 * a$0_0 / 6;
	round$0 = a$0_0 > 0 ? cube$0_0 : -0;
} }
	let cup$0; { let phase$0_1 = trough$0, dt$0_1 = dt$0; {
	// Computed on every sample, −0 between corners (see blep); dt = 0 gives NaN, never picked.
	const x$0_1 = phase$0_1 / dt$0_1;
	const a$0_1 = 1 - Math.abs(x$0_1);
	const cube$0_1 = a$0_1 * a$0_1 * a$0_1 / 6;
	cup$0 = a$0_1 > 0 ? cube$0_1 : -0;
} }
	const rounded$0 = v$0 + 8 * dt$0 * (cup$0 - round$0);
	// sin 2πt = sin(π/2·v): an odd polynomial within 1.3e-6, exact at v = ±1 with zero slope there
	// (so the sum gets no corners from it).
	const v2$0 = v$0 * v$0;
	const v4$0 = v2$0 * v2$0;
	const sine$0 = v$0 * (1.5707858048883279 + v2$0 * -.6458464114458551 + v4$0 * (.07933540822672636 + v2$0 * -.004274801669199135));
	// The polynomials by Estrin's scheme: shorter dependency chains than Horner's, so frames overlap.
	const s2$0 = sine$0 * sine$0;
	const s4$0 = s2$0 * s2$0;
	const s8$0 = s4$0 * s4$0;
	const low$0 = p0_2 + s2$0 * p0_3 + s4$0 * (p0_4 + s2$0 * p0_5);
	const high$0 = p0_6 + s2$0 * p0_7 + s4$0 * p0_8;
	const exact$0 = sine$0 * (low$0 + s8$0 * high$0);
	n0 = rounded$0 + p0_9 * (exact$0 - rounded$0);
} }
      let n1; if (m[0] >= fr) n1 = m[0 + 1 + r]; else { m[0] = fr; { let f$1 = 3; {
	const p$1 = m[129];
	const next$1 = p$1 + f$1 * (0.000020833333333333333);
	m[129] = next$1 - Math.floor(next$1);
	n1 = Math.sin(6.283185307179586 * p$1);
} } m[0 + 1 + r] = n1; }
      let n2; { let x$2 = n0, a$2 = n1; n2 = (x$2 * a$2); }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[389] = p0_0; m[391] = p0_2; m[392] = p0_3; m[393] = p0_4; m[394] = p0_5; m[395] = p0_6; m[396] = p0_7; m[397] = p0_8; m[398] = p0_9; return f + 1; }
          const y = n2 * g;
      acc[a + 0] += y;
        }
      } else {
        for (f = 0; f < frames; f++) {
          const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
          let n0; { let f$0 = 220; {
	const t$0 = p0_0;
	const dt$0 = Math.abs(f$0) * (0.000020833333333333333);
	const next$0 = t$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	// Both forms are computed on every sample, then mixed (see blep on late-first arithmetic).
	const ahead$0 = t$0 + .25;
	const behind$0 = t$0 - .75;
	const u$0 = ahead$0 < 1 ? ahead$0 : behind$0;
	const v$0 = 1 - 4 * Math.abs(u$0 - .5);
	// Its corners: the peak at phase 0.25 (slope −8 per cycle), the trough at 0.75 (+8), as phase distances within half a cycle.
	const toPeak$0 = t$0 - .25;
	const peakBefore$0 = toPeak$0 - 1;
	const toTrough$0 = t$0 - .75;
	const troughAfter$0 = toTrough$0 + 1;
	const peak$0 = toPeak$0 > .5 ? peakBefore$0 : toPeak$0;
	const trough$0 = toTrough$0 < -.5 ? troughAfter$0 : toTrough$0;
	let round$0; { let phase$0_0 = peak$0, dt$0_0 = dt$0; {
	// Computed on every sample, −0 between corners (see blep); dt = 0 gives NaN, never picked.
	const x$0_0 = phase$0_0 / dt$0_0;
	const a$0_0 = 1 - Math.abs(x$0_0);
	const cube$0_0 = a$0_0 * a$0_0 * a$0_0 / 6;
	round$0 = a$0_0 > 0 ? cube$0_0 : -0;
} }
	let cup$0; { let phase$0_1 = trough$0, dt$0_1 = dt$0; {
	// Computed on every sample, −0 between corners (see blep); dt = 0 gives NaN, never picked.
	const x$0_1 = phase$0_1 / dt$0_1;
	const a$0_1 = 1 - Math.abs(x$0_1);
	const cube$0_1 = a$0_1 * a$0_1 * a$0_1 / 6;
	cup$0 = a$0_1 > 0 ? cube$0_1 : -0;
} }
	const rounded$0 = v$0 + 8 * dt$0 * (cup$0 - round$0);
	// sin 2πt = sin(π/2·v): an odd polynomial within 1.3e-6, exact at v = ±1 with zero slope there
	// (so the sum gets no corners from it).
	const v2$0 = v$0 * v$0;
	const v4$0 = v2$0 * v2$0;
	const sine$0 = v$0 * (1.5707858048883279 + v2$0 * -.6458464114458551 + v4$0 * (.07933540822672636 + v2$0 * -.004274801669199135));
	// The polynomials by Estrin's scheme: shorter dependency chains than Horner's, so frames overlap.
	const s2$0 = sine$0 * sine$0;
	const s4$0 = s2$0 * s2$0;
	const s8$0 = s4$0 * s4$0;
	const low$0 = p0_2 + s2$0 * p0_3 + s4$0 * (p0_4 + s2$0 * p0_5);
	const high$0 = p0_6 + s2$0 * p0_7 + s4$0 * p0_8;
	const exact$0 = sine$0 * (low$0 + s8$0 * high$0);
	n0 = rounded$0 + p0_9 * (exact$0 - rounded$0);
} }
      let n1; if (m[0] >= fr) n1 = m[0 + 1 + r]; else { m[0] = fr; { let f$1 = 3; {
	const p$1 = m[129];
	const next$1 = p$1 + f$1 * (0.000020833333333333333);
	m[129] = next$1 - Math.floor(next$1);
	n1 = Math.sin(6.283185307179586 * p$1);
} } m[0 + 1 + r] = n1; }
      let n2; { let x$2 = n0, a$2 = n1; n2 = (x$2 * a$2); }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[389] = p0_0; m[391] = p0_2; m[392] = p0_3; m[393] = p0_4; m[394] = p0_5; m[395] = p0_6; m[396] = p0_7; m[397] = p0_8; m[398] = p0_9; return f + 1; }
          const y = n2 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
        }
      }
      m[389] = p0_0; m[391] = p0_2; m[392] = p0_3; m[393] = p0_4; m[394] = p0_5; m[395] = p0_6; m[396] = p0_7; m[397] = p0_8; m[398] = p0_9; return 0;
    }
    for (f = 0; f < frames; f++) {
      const fr = frame0 + f;
      const r = fr & 127;
      const a = at + f * 1;
      
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        m[389] = p0_0; m[391] = p0_2; m[392] = p0_3; m[393] = p0_4; m[394] = p0_5; m[395] = p0_6; m[396] = p0_7; m[397] = p0_8; m[398] = p0_9; return -f - 1;
      }
      let n0; { let f$0 = 220; {
	const t$0 = p0_0;
	const dt$0 = Math.abs(f$0) * (0.000020833333333333333);
	const next$0 = t$0 + f$0 * (0.000020833333333333333);
	p0_0 = next$0 - Math.floor(next$0);
	// Both forms are computed on every sample, then mixed (see blep on late-first arithmetic).
	const ahead$0 = t$0 + .25;
	const behind$0 = t$0 - .75;
	const u$0 = ahead$0 < 1 ? ahead$0 : behind$0;
	const v$0 = 1 - 4 * Math.abs(u$0 - .5);
	// Its corners: the peak at phase 0.25 (slope −8 per cycle), the trough at 0.75 (+8), as phase distances within half a cycle.
	const toPeak$0 = t$0 - .25;
	const peakBefore$0 = toPeak$0 - 1;
	const toTrough$0 = t$0 - .75;
	const troughAfter$0 = toTrough$0 + 1;
	const peak$0 = toPeak$0 > .5 ? peakBefore$0 : toPeak$0;
	const trough$0 = toTrough$0 < -.5 ? troughAfter$0 : toTrough$0;
	let round$0; { let phase$0_0 = peak$0, dt$0_0 = dt$0; {
	// Computed on every sample, −0 between corners (see blep); dt = 0 gives NaN, never picked.
	const x$0_0 = phase$0_0 / dt$0_0;
	const a$0_0 = 1 - Math.abs(x$0_0);
	const cube$0_0 = a$0_0 * a$0_0 * a$0_0 / 6;
	round$0 = a$0_0 > 0 ? cube$0_0 : -0;
} }
	let cup$0; { let phase$0_1 = trough$0, dt$0_1 = dt$0; {
	// Computed on every sample, −0 between corners (see blep); dt = 0 gives NaN, never picked.
	const x$0_1 = phase$0_1 / dt$0_1;
	const a$0_1 = 1 - Math.abs(x$0_1);
	const cube$0_1 = a$0_1 * a$0_1 * a$0_1 / 6;
	cup$0 = a$0_1 > 0 ? cube$0_1 : -0;
} }
	const rounded$0 = v$0 + 8 * dt$0 * (cup$0 - round$0);
	// sin 2πt = sin(π/2·v): an odd polynomial within 1.3e-6, exact at v = ±1 with zero slope there
	// (so the sum gets no corners from it).
	const v2$0 = v$0 * v$0;
	const v4$0 = v2$0 * v2$0;
	const sine$0 = v$0 * (1.5707858048883279 + v2$0 * -.6458464114458551 + v4$0 * (.07933540822672636 + v2$0 * -.004274801669199135));
	// The polynomials by Estrin's scheme: shorter dependency chains than Horner's, so frames overlap.
	const s2$0 = sine$0 * sine$0;
	const s4$0 = s2$0 * s2$0;
	const s8$0 = s4$0 * s4$0;
	const low$0 = p0_2 + s2$0 * p0_3 + s4$0 * (p0_4 + s2$0 * p0_5);
	const high$0 = p0_6 + s2$0 * p0_7 + s4$0 * p0_8;
	const exact$0 = sine$0 * (low$0 + s8$0 * high$0);
	n0 = rounded$0 + p0_9 * (exact$0 - rounded$0);
} }
      let n1; if (m[0] >= fr) n1 = m[0 + 1 + r]; else { m[0] = fr; { let f$1 = 3; {
	const p$1 = m[129];
	const next$1 = p$1 + f$1 * (0.000020833333333333333);
	m[129] = next$1 - Math.floor(next$1);
	n1 = Math.sin(6.283185307179586 * p$1);
} } m[0 + 1 + r] = n1; }
      let n2; { let x$2 = n0, a$2 = n1; n2 = (x$2 * a$2); }
      if (n2 - n2 !== 0) { rec.gain = g; bad[0] = n2; m[389] = p0_0; m[391] = p0_2; m[392] = p0_3; m[393] = p0_4; m[394] = p0_5; m[395] = p0_6; m[396] = p0_7; m[397] = p0_8; m[398] = p0_9; return f + 1; }
      if (!direct) {
        const y = n2 * g;
      acc[a + 0] += y;
      } else {
        const y = n2 * g;
      { const v = acc[a + 0] + y; out[a + 0] = v > 1 ? 1 : v < -1 ? -1 : v; }
      }
    }
  } catch (error) {
    s.frame = frame0 + f;
    m[389] = p0_0; m[391] = p0_2; m[392] = p0_3; m[393] = p0_4; m[394] = p0_5; m[395] = p0_6; m[396] = p0_7; m[397] = p0_8; m[398] = p0_9; throw error;
  }
  rec.gain = g;
  m[389] = p0_0; m[391] = p0_2; m[392] = p0_3; m[393] = p0_4; m[394] = p0_5; m[395] = p0_6; m[396] = p0_7; m[397] = p0_8; m[398] = p0_9; return 0;
};
