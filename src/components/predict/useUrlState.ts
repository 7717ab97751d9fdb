// The widget's state in the page URL: read once when the island hydrates, written back (debounced)
// as the reader changes it, and a shareable link on request. Prompts longer than MAX_URL_PROMPT
// characters are cut in the link (the widget says so).
import { useEffect, useState } from 'preact/hooks';
import { parseUrlState, serialiseUrlState, type WidgetState } from './view.ts';

const URL_DEBOUNCE_MS = 400;

/** The link to this page showing `state` (other query parameters, e.g. ?backend=, are kept). */
export function linkTo(state: WidgetState, defaults: WidgetState, location: { origin: string; pathname: string; search: string; hash: string }): string {
  return location.origin + location.pathname + serialiseUrlState(state, defaults, location.search) + location.hash;
}

/**
 * Reads the URL state once on hydration (onRead), then keeps the URL in step with `state`.
 * With sync off, the URL is neither read nor written.
 */
export function useUrlState(sync: boolean, state: WidgetState, defaults: WidgetState, onRead: (state: WidgetState) => void): void {
  const [read, setRead] = useState(!sync);

  useEffect(() => {
    if (!sync) return;
    onRead(parseUrlState(window.location.search, defaults));
    setRead(true);
  }, []);

  useEffect(() => {
    if (!sync || !read) return;
    const timer = setTimeout(() => {
      const url = linkTo(state, defaults, window.location).slice(window.location.origin.length);
      if (url !== window.location.pathname + window.location.search + window.location.hash) history.replaceState(history.state, '', url);
    }, URL_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [state.prompt, state.settings, state.seed, read]);
}
