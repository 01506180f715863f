// The editor's look: dark, with the marks of errors and flashes.
import { EditorView } from '@codemirror/view';

export const theme = EditorView.theme(
  {
    '&': { height: '100%', fontSize: '14px', backgroundColor: '#15171c', color: '#d8dee9' },
    '.cm-content': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace', caretColor: '#ffcc66' },
    '.cm-gutters': { backgroundColor: '#15171c', color: '#5c6370', border: 'none' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#1d2027' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#334 !important' },
    '.cm-flash': { backgroundColor: 'rgba(255, 204, 102, 0.35)', transition: 'background-color 0.3s' },
    '.cm-error-line': { backgroundColor: 'rgba(255, 80, 80, 0.10)' },
    '.cm-error-underline': { textDecoration: 'underline wavy #ff5555', textUnderlineOffset: '3px' },
    '.cm-error-gutter .cm-gutterElement': { color: '#ff5555', padding: '0 2px' },
    '.cm-tooltip': { backgroundColor: '#20232b', border: '1px solid #3a3f4b', color: '#d8dee9', maxWidth: '520px' },
  },
  { dark: true },
);
