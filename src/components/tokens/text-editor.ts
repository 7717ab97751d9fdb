// The tokens islands' text box once the page has loaded: a plain-text CodeMirror editor. A <textarea> lays
// out all of its text in the task that changes it, so a 100 KB paste blocked the page for 80-150 ms here;
// CodeMirror keeps the whole text in its document but draws only the lines on screen (docs/benchmarks.md,
// "Tokens islands"). Loaded on demand by TextBox.tsx, which shows a <textarea> until then and if this fails.
// Keyboard: Tab and Shift+Tab leave the box (no Tab key binding); Ctrl/Cmd+Z undoes.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { Annotation, EditorSelection, EditorState } from '@codemirror/state';
import { EditorView, highlightSpecialChars, keymap } from '@codemirror/view';
import { siteTheme } from '../utils/editor-theme.ts';

export interface TextEditorOptions {
  doc: string;
  /** Where the cursor (or selection) starts, in UTF-16 units as a textarea counts them. */
  selection?: { anchor: number; head: number };
  /** Id of the editing element (the label's `for`), and of the visible label that names it. */
  id: string;
  labelledBy: string;
  onChange: (text: string) => void;
}

export interface TextEditor {
  /** Replaces the whole text (not an input: onChange is not called). */
  setText(text: string): void;
  focus(): void;
  destroy(): void;
}

/** Marks the changes setText makes, which the page asked for and need not hear back. */
const quiet = Annotation.define<boolean>();

export function createTextEditor(parent: HTMLElement, options: TextEditorOptions): TextEditor {
  const theme = siteTheme();
  const length = options.doc.length;
  const clamp = (n: number) => Math.max(0, Math.min(n, length));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      selection: options.selection && EditorSelection.single(clamp(options.selection.anchor), clamp(options.selection.head)),
      extensions: [
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        // NUL and other control characters as a visible mark (their code on hover); the document keeps them
        highlightSpecialChars(),
        theme.extension,
        EditorView.contentAttributes.of({ id: options.id, 'aria-labelledby': options.labelledBy, spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && update.transactions.some((t) => !t.annotation(quiet))) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  const stopFollowing = theme.follow(view);
  return {
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: quiet.of(true) }),
    focus: () => view.focus(),
    destroy: () => {
      stopFollowing();
      view.destroy();
    },
  };
}
