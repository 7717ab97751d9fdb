// The ranked next tokens with their probabilities as bars. Each row reads as text ("' city' 12.3%");
// the bar is decoration. Rows filtered out by top-k / top-p show the model's own probability struck out.
import type { Candidate } from '../model/protocol.ts';
import { candidateLabel, formatProbability, tokenFace } from './view.ts';

interface Props {
  candidates: Candidate[];
  labelId: string;
  /** The prompt these numbers belong to (written to data-prompt so tests can wait for it). */
  prompt: string;
  stale: boolean;
  /** Token id to highlight (the pick in step-by-step mode). */
  highlight?: number | null;
  computeMs?: number;
}

export default function ProbabilityList({ candidates, labelId, prompt, stale, highlight = null, computeMs }: Props) {
  return (
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
            class={[
              'predict__prob',
              kept ? '' : 'predict__prob--filtered',
              highlight === c.id ? 'predict__prob--picked' : '',
            ].join(' ')}
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
  );
}
