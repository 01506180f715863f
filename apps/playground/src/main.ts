// The playground's entry: builds the page, restores the session (a shared
// link, else the autosave, else the seed example), opens the venue (a server
// when `aither serve` handed this page its token, else the AudioWorklet) and
// starts the meters.
import { Controller, type VenueChoice } from './controller.js';
import { createEditor, pageKeys, setText, type KeyActions } from './editor/index.js';
import { download, LiveRecorder, renderWav } from './export/index.js';
import { startMeters } from './meters/index.js';
import { autosaver, codeOfLink, EXAMPLES, History, loadSession, shareLink } from './session/index.js';
import { initialState } from './state.js';
import { Console } from './ui/console.js';
import { option } from './ui/dom.js';
import { buildLayout } from './ui/layout.js';
import { takeConnection } from './venues/index.js';

const ui = buildLayout(document.getElementById('app')!);
const log = new Console(ui.console);
const state = initialState();
const history = new History(localStorage);
const connection = takeConnection(location, window.history, sessionStorage);
const shared = await codeOfLink(location.hash);
if (shared !== undefined) window.history.replaceState(window.history.state, '', `${location.pathname}${location.search}`);

let controller: Controller;
const keys: KeyActions = {
  evaluate: () => void controller.evaluate('session', performance.now()),
  snippet: () => void controller.evaluate('snippet', performance.now()),
  hush: () => void controller.hush(),
  panic: () => void controller.panic(),
};
const save = autosaver(localStorage);
const view = createEditor({ parent: ui.editor, doc: shared ?? loadSession(localStorage) ?? EXAMPLES[0]!.code, keys, changed: save });
pageKeys(window, keys);

function refresh(): void {
  const v = state.venue;
  ui.venueLabel.textContent = v ? v.label : state.notice ? 'not connected' : '';
  // A server plays on its own (for its other editors too): nothing to start here.
  ui.play.textContent = v?.kind === 'server' ? '● Live on the server' : v?.running ? '■ Stop' : '▶ Play';
  ui.play.disabled = v?.kind === 'server';
  ui.play.classList.toggle('playing', v?.kind === 'browser' && v.running);
  ui.record.disabled = v?.kind !== 'browser';
  ui.history.replaceChildren(
    option('', `History (${history.list().length})`),
    ...history.list().map((version, i) => option(String(i), `${new Date(version.at).toLocaleTimeString()} — ${version.code.split('\n').find((l) => l.trim()) ?? ''}`.slice(0, 70))),
  );
  if (v?.kind === 'server') {
    const known = ['portaudio', 'speaker'].includes(v.sink) ? v.sink : `server:${v.sink}`;
    if (![...ui.venue.options].some((o) => o.value === known)) ui.venue.append(option(known, `Server: aither serve → ${v.sink}`));
    ui.venue.value = known;
  }
}
controller = new Controller(view, state, log, history, () => connection, refresh);

ui.examples.append(option('', 'Examples…'), ...EXAMPLES.map((e) => option(e.name, e.title)));
ui.examples.addEventListener('change', () => {
  const example = EXAMPLES.find((e) => e.name === ui.examples.value);
  if (example) setText(view, example.code);
  ui.examples.value = '';
  view.focus();
});
ui.history.addEventListener('change', () => {
  const version = history.list()[Number(ui.history.value)];
  if (ui.history.value !== '' && version) setText(view, version.code);
  ui.history.value = '';
  view.focus();
});
ui.venue.addEventListener('change', () => void controller.choose(ui.venue.value as VenueChoice));
ui.play.addEventListener('click', () => void controller.togglePlay());
ui.hush.addEventListener('click', () => void controller.hush());
ui.panic.addEventListener('click', () => void controller.panic());
ui.share.addEventListener('click', async () => {
  const link = await shareLink(view.state.doc.toString(), location.href);
  ui.shareLink.value = link;
  ui.shareLink.classList.remove('hidden');
  ui.shareLink.select();
  await navigator.clipboard?.writeText(link).catch(() => {});
  log.add('info', 'share link ready (copied where the browser allows)');
});
ui.exportWav.addEventListener('click', async () => {
  const seconds = Math.min(600, Math.max(1, Number(ui.exportSeconds.value) || 8));
  ui.exportWav.disabled = true;
  try {
    const rate = controller.venue?.sampleRate ?? 48000;
    const { wav, ok, message } = await renderWav(view.state.doc.toString(), seconds, rate);
    if (!ok) log.add('error', `export: ${message}`);
    download(wav, `aither-${seconds}s.wav`);
    state.exports++;
    log.add('info', `exported ${seconds} s at ${rate} Hz`);
  } finally {
    ui.exportWav.disabled = false;
  }
});
let recorder: LiveRecorder | undefined;
ui.record.addEventListener('click', async () => {
  const output = controller.venue?.output;
  if (recorder) {
    download(recorder.stop(), 'aither-take.wav');
    recorder = undefined;
    ui.record.classList.remove('recording');
    ui.record.textContent = '● Record';
  } else if (output) {
    recorder = await LiveRecorder.start(output);
    ui.record.classList.add('recording');
    ui.record.textContent = '■ Stop recording';
  }
});

const meters = startMeters({ scope: ui.scope, spectrum: ui.spectrum, levels: ui.levels, gauges: ui.gauges }, { venue: () => controller.venue, stats: () => state.stats });
setInterval(() => {
  const s = state.stats;
  ui.status.textContent = s
    ? `peak ${s.peak.toFixed(3)} · ${s.signals} signals · load ${(s.load * 100).toFixed(1)}%${state.audibleMs !== undefined ? ` · heard ${state.audibleMs.toFixed(0)} ms after the key` : ''}`
    : '';
}, 250);

Object.assign(window, { playground: { state, meters, text: () => view.state.doc.toString(), view } });
// A connection handed over by `aither serve`: whatever its sink, drive it.
await controller.choose(connection ? 'server:' : 'browser');
refresh();
view.focus();
