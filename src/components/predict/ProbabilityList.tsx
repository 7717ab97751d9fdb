// The ranked next tokens with their probabilities as bars. Each row reads as text ("' city' 12.3%");
// the bar is decoration. Rows filtered out by top-k / top-p show the model's own probability struck out.
// A picked token outside the list gets its own row below it, with its rank.
import type { Candidate, PickedToken } from '../../worker/protocol.ts';
import { candidateLabel, formatProbability, tokenFace } from './view.ts';

interface Props {
  candidates: Candidate[];
  labelId: string;
  /** The prompt these numbers belong to (written to data-prompt so tests can wait for it). */
  prompt: string;
  stale: boolean;
  /** The pick to highlight (step by step, Sample one); shown below the list when it is not in it. */
  pick?: PickedToken | null;
  computeMs?: number;
}

export default function ProbabilityList({ candidates, labelId, prompt, stale, pick = null, computeMs }: Props) {
  const outside = pick !== null && !candidates.some((c) => c.id === pick.token.id);
  return (
    <>
      <ol
        class={stale ? 'predict__probs predict__probs--stale' : 'predict__probs'}
        aria-labelledby={labelId}
        aria-busy={stale}
        data-testid="probabilities"
        data-prompt={prompt}
        data-compute-ms={computeMs?.toFixed(2)}
      >
        {candidates.map((c) => {
          const kept = c.probability > 0;
          const shown = kept ? c.probability : c.modelProbability;
          return (
            <li
              key={c.id}
              class={['predict__prob', kept ? '' : 'predict__prob--filtered', pick?.token.id === c.id ? 'predict__prob--picked' : ''].join(' ')}
              data-token-id={c.id}
              data-probability={c.probability}
              data-model-probability={c.modelProbability}
              aria-label={kept ? candidateLabel(c.text, c.probability, c.display) : `${candidateLabel(c.text, 0, c.display)} (filtered out; the model gave ${formatProbability(c.modelProbability)})`}
            >
              <span class="predict__prob-token">{tokenFace(c.text, c.display)}</span>
              <span class="predict__bar" aria-hidden="true">
                <span style={{ width: `${(shown * 100).toFixed(1)}%` }} />
              </span>
              <span class="predict__prob-value">{formatProbability(c.probability)}</span>
            </li>
          );
        })}
      </ol>
      {outside && (
        <p class="predict__prob predict__prob--picked predict__prob--outside" data-testid="pick-outside" data-token-id={pick.token.id}>
          <span class="predict__prob-token">{tokenFace(pick.token.text, pick.token.display)}</span>
          <span class="predict__prob-rank">
            picked, number {pick.rank} by the model's own probability ({formatProbability(pick.modelProbability)}); {formatProbability(pick.probability)} after the settings
          </span>
        </p>
      )}
    </>
  );
}
