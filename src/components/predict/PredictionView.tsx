// The prompt's tokens and the next-token list, or why there is none (an empty prompt, no model yet).
// While a generation runs, the list shows the distribution the newest token was drawn from.
import type { Candidate, PickedToken, Prediction } from '../../worker/protocol.ts';
import ProbabilityList from './ProbabilityList.tsx';
import { listNote } from './status.ts';
import TokenChips from './TokenChips.tsx';
import type { Load } from './useModelSession.ts';
import { truncationNote } from './view.ts';

interface Props {
  labelId: string;
  prompt: string;
  prediction: Prediction | null;
  current: boolean; // the prediction is for the prompt and settings on screen
  phase: Load['phase'];
  newFrom: number | undefined;
  /** The latest generated token's distribution while a generation runs, else null. */
  following: Candidate[] | null;
  pick: PickedToken | null;
}

export default function PredictionView({ labelId, prompt, prediction, current, phase, newFrom, following, pick }: Props) {
  if (prompt === '') {
    return (
      <p class="predict__note" data-testid="empty-note">
        The prompt is empty. Type a few words: the model predicts the next token from the tokens before it, so with no tokens
        there is nothing to predict from (the model is not called).
      </p>
    );
  }
  const candidates = following ?? prediction?.candidates;
  return (
    <>
      <TokenChips tokens={prediction?.tokens ?? []} newFrom={current ? newFrom : undefined} />
      {prediction && prediction.droppedTokens > 0 && current && (
        <p class="predict__note" data-testid="truncation-note">
          {truncationNote(prediction.droppedTokens, prediction.contextWindow)}
        </p>
      )}
      <p id={labelId} class="predict__label">
        {following ? 'Probabilities for the latest generated token' : 'Next-token probabilities'}
        {prediction && !following && <span class="predict__updating">{listNote(phase, current, prediction.prompt)}</span>}
      </p>
      {prediction && candidates ? (
        <ProbabilityList
          candidates={candidates}
          labelId={labelId}
          prompt={prediction.prompt}
          stale={!current && !following}
          pick={pick}
          computeMs={phase === 'ready' ? prediction.computeMs : undefined}
        />
      ) : (
        <p class="predict__note">Probabilities appear when the model has loaded.</p>
      )}
    </>
  );
}
