// CodeMirror's light or dark defaults, following Starlight's theme switch (it sets data-theme on <html>).
// Shared by the live code editor and the tokens islands' text box; colours themselves come from CSS.
import { Compartment, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

const isDark = () => document.documentElement.dataset.theme === 'dark';

export interface SiteTheme {
  /** Goes into the editor's extensions. */
  extension: Extension;
  /** Starts following the theme switch for `view`; returns the function that stops it. */
  follow(view: EditorView): () => void;
}

export function siteTheme(): SiteTheme {
  const compartment = new Compartment();
  const current = () => EditorView.darkTheme.of(isDark());
  return {
    extension: compartment.of(current()),
    follow(view) {
      const observer = new MutationObserver(() => view.dispatch({ effects: compartment.reconfigure(current()) }));
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      return () => observer.disconnect();
    },
  };
}
