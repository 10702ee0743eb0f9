/**
 * Reading the CodeMirror config editor from a test, as a textarea's value and selection were read:
 * the editor's element carries its EditorView (keepalived-editor.ts).
 */
import type { Locator } from 'playwright-core';

interface View {
  state: {
    doc: { toString(): string; lineAt(pos: number): { number: number } };
    selection: { main: { from: number; to: number } };
  };
  lineBlockAtHeight(h: number): { from: number };
  documentTop: number;
}

/** The editor's text. */
export function editorText(content: Locator): Promise<string> {
  return content.evaluate((el) => (el as unknown as { editorView: View }).editorView.state.doc.toString());
}

/** The editor's main selection, as text offsets. */
export function editorSelection(content: Locator): Promise<[number, number]> {
  return content.evaluate((el) => {
    const { from, to } = (el as unknown as { editorView: View }).editorView.state.selection.main;
    return [from, to] as [number, number];
  });
}

/** The lines the lint gutter marks, with the marker's severity (`error`, `warning`, `info`). */
export function markedLines(content: Locator): Promise<Record<number, string>> {
  return content.evaluate((el) => {
    const view = (el as unknown as { editorView: View }).editorView;
    const editor = el.closest('.cm-editor')!;
    const out: Record<number, string> = {};
    for (const m of editor.querySelectorAll('.cm-lint-marker')) {
      const r = m.getBoundingClientRect();
      const block = view.lineBlockAtHeight(r.top + r.height / 2 - view.documentTop);
      const line = view.state.doc.lineAt(block.from).number;
      out[line] = /error/.test(m.className) ? 'error' : /warning/.test(m.className) ? 'warning' : 'info';
    }
    return out;
  });
}
