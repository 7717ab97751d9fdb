// A small island for chapter 2: edit a few scores, move the temperature, watch softmax reshape
// them into probabilities. Pure arithmetic: no TF.js, nothing to download.
import { useId, useState } from 'preact/hooks';
import { softmax } from '../llm/sample.ts';

interface Props {
  /** Labels for the options being scored, e.g. candidate next words. */
  labels: string[];
  /** Starting scores (logits), one per label. */
  scores: number[];
}

export default function SoftmaxExplorer({ labels, scores: initialScores }: Props) {
  if (labels.length !== initialScores.length) {
    throw new Error(`SoftmaxExplorer: got ${labels.length} labels but ${initialScores.length} scores; they must match.`);
  }
  const id = useId();
  const [scores, setScores] = useState(initialScores);
  const [temperature, setTemperature] = useState(1);
  const probabilities = softmax(scores, temperature);

  return (
    <div class="softmax-explorer not-content" data-testid="softmax-explorer">
      <div class="softmax-explorer__temperature">
        <label for={`${id}-t`}>Temperature: {temperature.toFixed(2)}</label>
        <input
          id={`${id}-t`}
          type="range"
          min="0"
          max="3"
          step="0.05"
          value={temperature}
          onInput={(e) => setTemperature(Number((e.target as HTMLInputElement).value))}
        />
      </div>
      <table>
        <caption>Scores in, probabilities out (softmax at temperature {temperature.toFixed(2)})</caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Score</th>
            <th scope="col">Probability</th>
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>
                <input
                  type="number"
                  step="0.5"
                  aria-label={`Score for ${label}`}
                  value={scores[i]}
                  onInput={(e) => {
                    const value = Number((e.target as HTMLInputElement).value);
                    if (Number.isFinite(value)) setScores(scores.map((s, j) => (j === i ? value : s)));
                  }}
                />
              </td>
              <td>
                <span class="softmax-explorer__bar" aria-hidden="true">
                  <span style={{ width: `${(probabilities[i] * 100).toFixed(1)}%` }} />
                </span>
                <span data-testid="probability">{(probabilities[i] * 100).toFixed(1)}%</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <style>{`
        .softmax-explorer { border: 1px solid var(--sl-color-gray-5); border-radius: 0.5rem; padding: 1rem; margin-block: 1.5rem; }
        .softmax-explorer table { width: 100%; border-collapse: collapse; }
        .softmax-explorer caption { text-align: start; font-weight: 600; padding-block-end: 0.5rem; }
        .softmax-explorer th, .softmax-explorer td { padding: 0.25rem 0.5rem; text-align: start; }
        .softmax-explorer input[type='number'] { width: 5rem; }
        .softmax-explorer__temperature { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin-block-end: 0.75rem; }
        .softmax-explorer__bar { display: inline-block; width: 8rem; height: 0.75rem; background: var(--nt-bar-track); border-radius: 0.25rem; vertical-align: middle; margin-inline-end: 0.5rem; overflow: hidden; }
        .softmax-explorer__bar > span { display: block; height: 100%; background: var(--nt-bar); transition: width 0.2s; }
        @media (prefers-reduced-motion: reduce) { .softmax-explorer__bar > span { transition: none; } }
      `}</style>
    </div>
  );
}
