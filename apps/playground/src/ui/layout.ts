// The page: a toolbar, the editor beside the meters, and the console below.
import { h, option } from './dom.js';

export interface Layout {
  play: HTMLButtonElement;
  venue: HTMLSelectElement;
  venueLabel: HTMLElement;
  examples: HTMLSelectElement;
  history: HTMLSelectElement;
  share: HTMLButtonElement;
  shareLink: HTMLInputElement;
  exportSeconds: HTMLInputElement;
  exportWav: HTMLButtonElement;
  record: HTMLButtonElement;
  hush: HTMLButtonElement;
  panic: HTMLButtonElement;
  editor: HTMLElement;
  scope: HTMLCanvasElement;
  spectrum: HTMLCanvasElement;
  levels: HTMLCanvasElement;
  gauges: HTMLCanvasElement;
  console: HTMLElement;
  status: HTMLElement;
}

export function buildLayout(root: HTMLElement): Layout {
  const l: Layout = {
    play: h('button', { id: 'play', class: 'primary', title: 'Start or stop the sound (browsers need a click first)' }, '▶ Play'),
    venue: h(
      'select',
      { id: 'venue', title: 'Where the sound is made' },
      option('browser', 'Browser (AudioWorklet)'),
      option('portaudio', 'PortAudio (aither serve)'),
      option('speaker', 'Speaker (aither serve)'),
    ),
    venueLabel: h('span', { id: 'venue-label', class: 'muted' }),
    examples: h('select', { id: 'examples', title: 'Load an example' }),
    history: h('select', { id: 'history', title: 'Step back to an evaluated version' }),
    share: h('button', { id: 'share', title: 'A link that carries this code' }, 'Share'),
    shareLink: h('input', { id: 'share-link', readonly: true, placeholder: 'share link', class: 'hidden' }),
    exportSeconds: h('input', { id: 'export-seconds', type: 'number', min: 1, max: 600, value: 8, title: 'seconds to export' }),
    exportWav: h('button', { id: 'export', title: 'Render offline to a WAV (the samples the page plays)' }, 'Export WAV'),
    record: h('button', { id: 'record', title: 'Record the live output to a WAV' }, '● Record'),
    hush: h('button', { id: 'hush', title: 'Fade everything out (Ctrl+.)' }, 'Hush'),
    panic: h('button', { id: 'panic', class: 'danger', title: 'Stop everything at once (Ctrl+Shift+.)' }, 'Panic'),
    editor: h('section', { id: 'editor' }),
    scope: h('canvas', { id: 'scope' }),
    spectrum: h('canvas', { id: 'spectrum' }),
    levels: h('canvas', { id: 'levels' }),
    gauges: h('canvas', { id: 'gauges' }),
    console: h('div', { id: 'console' }),
    status: h('span', { id: 'status', class: 'muted' }),
  };
  root.append(
    h(
      'header',
      { class: 'bar' },
      h('strong', { class: 'logo' }, 'Aither'),
      l.play,
      l.venue,
      l.venueLabel,
      h('span', { class: 'spacer' }),
      l.examples,
      l.history,
      l.share,
      l.exportSeconds,
      h('span', { class: 'muted' }, 's'),
      l.exportWav,
      l.record,
      l.hush,
      l.panic,
    ),
    l.shareLink,
    h('main', {}, l.editor, h('aside', { id: 'meters' }, l.scope, l.spectrum, l.levels, l.gauges)),
    h('footer', {}, l.console, h('div', { class: 'keys' }, h('span', {}, 'Ctrl+Enter evaluate · Shift+Enter snippet · Ctrl+. hush · Ctrl+Shift+. panic'), l.status)),
  );
  return l;
}
