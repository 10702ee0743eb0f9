/**
 * The config editor: CodeMirror 6 with the keepalived.conf language, the parser's diagnostics and the
 * scenario's lint findings as lint markers (keepalived's own message), history, search keys,
 * completion, hover help and folding. This module and CodeMirror are one lazily loaded chunk
 * (ConfigEditor.svelte imports it when a config is first shown).
 */
import { EditorState, EditorSelection, type Extension } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { Diagnostic, TextPosition } from '../../../lib/trace/diagnostic';
import { isTextPosition } from '../../../lib/trace/diagnostic';
import { spanOffsets } from '../config-edit';
import {
  keepalivedCompletion,
  keepalivedFolding,
  keepalivedHighlight,
  keepalivedHover,
  keepalivedLanguage,
} from './keepalived-language';

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  label: string;
  /** A test id for the editable element. */
  testId?: string;
  onChange: (text: string) => void;
}

export interface ConfigEditorHandle {
  /** Replaces the text when it changed outside the editor (another node, a revert). */
  setText(text: string): void;
  setDiagnostics(list: readonly Diagnostic[]): void;
  /** Selects a span and scrolls it to the middle of the editor. */
  jumpTo(at: TextPosition): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--panel, transparent)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--mono, ui-monospace, monospace)', lineHeight: '1.45' },
  '.cm-gutters': {
    backgroundColor: 'var(--panel-2, #8881)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border, #8884)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#8881' },
  '&.cm-focused': { outline: '2px solid var(--focus, #3b82f6)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--panel, #fff)',
    color: 'var(--fg)',
    border: '1px solid var(--border)',
    fontSize: '13px',
  },
  '.cm-keyword-help': { maxWidth: '26rem', padding: '0.3rem 0.5rem' },
  '.cm-keyword-help p': { margin: '0.2rem 0 0' },
  '.cm-diagnosticText': { whiteSpace: 'pre-wrap' },
});

/** A diagnostic's severity as CodeMirror draws it. */
function cmSeverity(s: Diagnostic['severity']): CmDiagnostic['severity'] {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'info';
}

export function toCmDiagnostics(text: string, list: readonly Diagnostic[]): CmDiagnostic[] {
  const out: CmDiagnostic[] = [];
  for (const d of list) {
    if (!isTextPosition(d.at)) continue;
    const { start, end } = spanOffsets(text, d.at);
    out.push({
      from: start,
      to: Math.max(start, end),
      severity: cmSeverity(d.severity),
      source: d.code,
      message: d.hint ? `${d.message}\n${d.hint}` : d.message,
    });
  }
  return out;
}

export function createConfigEditor(o: EditorOptions): ConfigEditorHandle {
  let silent = false;
  const extensions: Extension[] = [
    lineNumbers(),
    foldGutter(),
    lintGutter(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    keepalivedLanguage,
    syntaxHighlighting(keepalivedHighlight),
    keepalivedFolding,
    keepalivedHover,
    autocompletion({ override: [keepalivedCompletion] }),
    keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, indentWithTab]),
    theme,
    EditorView.contentAttributes.of({
      'aria-label': o.label,
      spellcheck: 'false',
      autocorrect: 'off',
      autocapitalize: 'off',
      // Focusable by the tab key as a text field is (axe: a scrolling region needs a focusable child).
      tabindex: '0',
      ...(o.testId ? { 'data-testid': o.testId } : {}),
    }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !silent) o.onChange(u.state.doc.toString());
    }),
  ];
  const view = new EditorView({
    parent: o.parent,
    state: EditorState.create({ doc: o.doc, extensions }),
  });
  // Tests and scripts read the editor through its element, as they read a textarea's value.
  Object.defineProperty(view.contentDOM, 'editorView', { value: view });
  let diagnostics: readonly Diagnostic[] = [];
  const apply = () =>
    view.dispatch(setDiagnostics(view.state, toCmDiagnostics(view.state.doc.toString(), diagnostics)));
  return {
    setText(text) {
      if (text === view.state.doc.toString()) return;
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      silent = false;
      apply();
    },
    setDiagnostics(list) {
      // The same findings again (a run's swap re-derives them) change nothing in the editor.
      if (JSON.stringify(list) === JSON.stringify(diagnostics)) return;
      diagnostics = list;
      apply();
    },
    jumpTo(at) {
      const { start, end } = spanOffsets(view.state.doc.toString(), at);
      view.focus();
      view.dispatch({
        selection: EditorSelection.single(start, end),
        effects: EditorView.scrollIntoView(start, { y: 'center' }),
      });
    },
    destroy() {
      view.destroy();
    },
  };
}
