// The CodeMirror 6 editor of a live code block, loaded only when a reader focuses or runs a block.
// Colours come from CSS (classHighlighter's tok-* classes, styled in LiveCode.astro with the site's
// light and dark palettes); the only JS theming is telling CodeMirror which of the two is showing.
// Keyboard: Tab indents; Escape then Tab (or Shift+Tab) moves focus out (CodeMirror's tab focus mode).

import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { siteTheme } from '../utils/editor-theme.ts';

export interface EditorOptions {
  doc: string;
  /** Accessible name of the editing area, e.g. "Code of dot-product.ts, editable". */
  label: string;
  /** Id of an element that describes the keys (Ctrl/Cmd+Enter runs, Escape then Tab leaves). */
  describedBy?: string;
  onRun: () => void;
  onChange: (code: string) => void;
}

export interface LiveEditor {
  readonly view: EditorView;
  getCode(): string;
  setCode(code: string): void;
  focus(): void;
  destroy(): void;
}

export function createEditor(parent: HTMLElement, options: EditorOptions): LiveEditor {
  const theme = siteTheme();
  const runKeys = keymap.of([
    {
      key: 'Mod-Enter',
      run: () => {
        options.onRun();
        return true;
      },
      preventDefault: true,
    },
  ]);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        runKeys,
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        javascript({ typescript: true }),
        syntaxHighlighting(classHighlighter),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorState.tabSize.of(2),
        // Long lines wrap and the editor grows with its code: no inner scroll area, which keyboard users
        // could not reach without an extra tab stop (axe: scrollable-region-focusable).
        EditorView.lineWrapping,
        theme.extension,
        EditorView.contentAttributes.of({
          'aria-label': options.label,
          ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  const stopFollowing = theme.follow(view);
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
    destroy: () => {
      stopFollowing();
      view.destroy();
    },
  };
}
