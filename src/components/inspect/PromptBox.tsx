// The frame every inspection island shares: the "Prompt" box, the model's loading state, and what
// to say when the prompt is empty or longer than the context. The island's view goes inside.
import type { ComponentChildren } from 'preact';
import { backendLine, formatBytes, progressPercent, truncationNote } from '../predict/view.ts';
import ModelPicker from '../model-picker/ModelPicker.tsx';
import type { ModelChoice } from '../model-picker/useModelChoice.ts';
import type { Inspection } from './useInspection.ts';

interface Props {
  id: string;
  prompt: string;
  onPrompt: (text: string) => void;
  inspection: Inspection;
  choice: ModelChoice;
  children: ComponentChildren;
}

function statusText(i: Inspection): string {
  const { load } = i;
  if (load.phase === 'waiting') return 'The model starts when this figure is on screen; until then it shows numbers computed when the book was built.';
  if (load.phase === 'loading') return `Loading the model… ${load.total ? `${formatBytes(load.loaded)} of ${formatBytes(load.total)}` : ''}`;
  if (load.phase === 'failed') return `The model could not be loaded: ${load.error.message}`;
  return `${backendLine(load.info.backend)}.${i.result && i.current ? ` Inspected in ${Math.round(i.result.computeMs)} ms.` : ''}`;
}

export default function PromptBox({ id, prompt, onPrompt, inspection, choice, children }: Props) {
  const { load, result, current, error } = inspection;
  return (
    <>
      <div class="inspect__prompt">
        <label for={`${id}-prompt`}>Prompt</label>
        <textarea
          class="nt-input"
          id={`${id}-prompt`}
          rows={2}
          value={prompt}
          spellcheck={false}
          aria-describedby={`${id}-status`}
          onInput={(e) => onPrompt((e.target as HTMLTextAreaElement).value)}
        />
      </div>
      <div id={`${id}-status`} class="nt-status inspect__status" data-testid="inspect-status">
        {load.phase === 'loading' && <progress max={100} value={progressPercent(load.loaded, load.total)} aria-label="Model download" />}
        <span role="status" class="sr-only">{load.phase === 'ready' || load.phase === 'failed' ? statusText(inspection) : ''}</span>
        <span>{statusText(inspection)}</span>
        {load.phase === 'failed' && (
          <button type="button" onClick={inspection.retry}>
            Retry
          </button>
        )}
      </div>
      <ModelPicker choice={choice} />
      {error && (
        <p class="nt-error inspect__error" role="alert">
          {error.message}
        </p>
      )}
      {prompt === '' ? (
        <p class="inspect__note" data-testid="empty-note">
          The prompt is empty. Type a few words to look inside the model: every number here is computed from the tokens of
          the prompt, so with no tokens there is nothing to show.
        </p>
      ) : (
        <>
          {result && result.droppedTokens > 0 && current && (
            <p class="inspect__note" data-testid="truncation-note">
              {truncationNote(result.droppedTokens, result.contextWindow)} The figure shows the {result.tokens.length} tokens used.
            </p>
          )}
          {result && !current && load.phase === 'ready' && <p class="inspect__note">Updating for the new prompt…</p>}
          {result ? children : <p class="inspect__note">The numbers appear when the model has loaded.</p>}
        </>
      )}
    </>
  );
}
