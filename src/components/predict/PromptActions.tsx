// The widget's buttons: append the top token, sample one, generate (Stop while it runs), undo the
// last Append or Generate, and copy a link to what the widget shows.
import { useState } from 'preact/hooks';
import { linkTo } from './useUrlState.ts';
import { MAX_URL_PROMPT, type WidgetState } from './view.ts';

interface Props {
  canAct: boolean;
  running: boolean;
  maxNewTokens: number;
  canUndo: boolean;
  /** The state a copied link shows; null hides the button (a widget that does not use the URL). */
  shareState: { state: WidgetState; defaults: WidgetState } | null;
  onAppendTop: () => void;
  onSample: () => void;
  onGenerate: () => void;
  onStop: () => void;
  onUndo: () => void;
}

export default function PromptActions({ canAct, running, maxNewTokens, canUndo, shareState, onAppendTop, onSample, onGenerate, onStop, onUndo }: Props) {
  const [copied, setCopied] = useState('');

  async function copyLink() {
    if (!shareState) return;
    const link = linkTo(shareState.state, shareState.defaults, window.location);
    const cut = shareState.state.prompt.length > MAX_URL_PROMPT ? ` The link keeps the first ${MAX_URL_PROMPT} characters of the prompt.` : '';
    try {
      await navigator.clipboard.writeText(link);
      setCopied(`Link copied.${cut}`);
    } catch {
      setCopied(`Could not copy; the link is in the address bar.${cut}`);
    }
  }

  return (
    <div class="predict__actions">
      <button type="button" disabled={!canAct} onClick={onAppendTop}>
        Append top token
      </button>
      <button type="button" disabled={!canAct} onClick={onSample}>
        Sample one
      </button>
      {running ? (
        <button type="button" class="predict__stop" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="button" disabled={!canAct} onClick={onGenerate}>
          Generate {maxNewTokens} tokens
        </button>
      )}
      <button type="button" disabled={!canUndo} onClick={onUndo}>
        Undo
      </button>
      {shareState && (
        <button type="button" onClick={copyLink}>
          Copy link
        </button>
      )}
      <span class="predict__copied" role="status">
        {copied}
      </span>
      {shareState && shareState.state.prompt.length > MAX_URL_PROMPT && (
        <small class="predict__note" data-testid="url-cap-note">
          The page address and copied links keep the first {MAX_URL_PROMPT.toLocaleString('en-US')} characters of the prompt.
        </small>
      )}
    </div>
  );
}
