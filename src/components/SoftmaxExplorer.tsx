// A small island for chapter 2: edit a few scores, move the temperature, watch softmax reshape
// them into probabilities. Pure arithmetic: no TF.js, nothing to download. Typed scores stay as typed;
// readScore (utils/score-input.ts) decides what they mean.
import { formatScore, readScore, SCORE_LIMIT, stepScore, zeroTemperatureLimit } from './utils/score-input.ts';
import { useId, useState } from 'preact/hooks';
import { softmax } from '../llm/sample.ts';

interface Props {
  /** Labels for the options being scored, e.g. candidate next words. */
  labels: string[];
  /** Starting scores (logits), one per label. */
  scores: number[];
}

/** One score box: the text as typed, the last valid score, and what is wrong (shown beside the box). */
interface ScoreBox {
  text: string;
  value: number;
  message: string;
  /** Half-typed or empty text is said only once the reader leaves the box. */
  unfinished: boolean;
}

function typed(box: ScoreBox, text: string): ScoreBox {
  const reading = readScore(text, box.value);
  if (reading.kind === 'ok') return { text, value: reading.value, message: '', unfinished: false };
  return { text, value: box.value, message: reading.message, unfinished: reading.kind === 'unfinished' };
}

export default function SoftmaxExplorer({ labels, scores: initialScores }: Props) {
  if (labels.length !== initialScores.length) {
    throw new Error(`SoftmaxExplorer: got ${labels.length} labels but ${initialScores.length} scores; they must match.`);
  }
  const id = useId();
  const [boxes, setBoxes] = useState<ScoreBox[]>(() =>
    initialScores.map((value) => ({ text: formatScore(value), value, message: '', unfinished: false })),
  );
  const [left, setLeft] = useState<boolean[]>(() => initialScores.map(() => false));
  const [temperature, setTemperature] = useState(1);
  const scores = boxes.map((b) => b.value);
  // At temperature 0 softmax is the limit T -> 0, which splits evenly among tied top scores.
  const probabilities = temperature === 0 ? zeroTemperatureLimit(scores) : softmax(scores, temperature);
  const update = (i: number, change: (box: ScoreBox) => ScoreBox) => setBoxes((all) => all.map((b, j) => (j === i ? change(b) : b)));
  const setLeftAt = (i: number, value: boolean) => setLeft((all) => all.map((l, j) => (j === i ? value : l)));

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
          {labels.map((label, i) => {
            const box = boxes[i];
            const shown = box.message !== '' && (!box.unfinished || left[i]) ? box.message : '';
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>
                  <input
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    spellcheck={false}
                    aria-label={`Score for ${label}`}
                    aria-invalid={shown !== ''}
                    aria-describedby={`${id}-e${i}`}
                    data-testid="score"
                    value={box.text}
                    onInput={(e) => {
                      setLeftAt(i, false);
                      update(i, (b) => typed(b, (e.target as HTMLInputElement).value));
                    }}
                    onBlur={() => setLeftAt(i, true)}
                    onKeyDown={(e) => {
                      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
                      e.preventDefault();
                      const value = stepScore(box.value, e.key === 'ArrowUp' ? 1 : -1);
                      update(i, () => ({ text: formatScore(value), value, message: '', unfinished: false }));
                    }}
                  />
                  {/* The one place the problem is said: beside the box, announced once when it changes. */}
                  <span id={`${id}-e${i}`} class="softmax-explorer__error" aria-live="polite" data-testid="score-error">
                    {shown}
                  </span>
                </td>
                <td>
                  <span class="softmax-explorer__bar" aria-hidden="true">
                    <span style={{ width: `${(probabilities[i] * 100).toFixed(1)}%` }} />
                  </span>
                  <span data-testid="probability">{(probabilities[i] * 100).toFixed(1)}%</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="softmax-explorer__hint">Type any score from −{SCORE_LIMIT} to {SCORE_LIMIT}; the arrow keys step it by 0.5.</p>
      <style>{`
        .softmax-explorer { border: 1px solid var(--sl-color-gray-5); border-radius: 0.5rem; padding: 1rem; margin-block: 1.5rem; }
        .softmax-explorer table { width: 100%; border-collapse: collapse; }
        .softmax-explorer caption { text-align: start; font-weight: 600; padding-block-end: 0.5rem; }
        .softmax-explorer th, .softmax-explorer td { padding: 0.25rem 0.5rem; text-align: start; vertical-align: top; }
        .softmax-explorer input[type='text'] { width: 4.5rem; font: inherit; font-variant-numeric: tabular-nums; padding: 0.125rem 0.25rem; }
        .softmax-explorer input[aria-invalid='true'] { outline: 2px solid var(--sl-color-red); outline-offset: 1px; }
        .softmax-explorer__error { display: block; max-width: 12rem; font-size: var(--sl-text-xs); color: var(--sl-color-red-high); }
        .softmax-explorer__error:empty { display: none; }
        .softmax-explorer__hint { font-size: var(--sl-text-xs); color: var(--sl-color-gray-2); margin-block: 0.5rem 0; }
        .softmax-explorer__temperature { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin-block-end: 0.75rem; }
        .softmax-explorer__temperature input { max-width: 100%; }
        .softmax-explorer__bar { display: inline-block; width: clamp(2rem, 18vw, 8rem); height: 0.75rem; background: var(--nt-bar-track); border-radius: 0.25rem; vertical-align: middle; margin-inline-end: 0.5rem; overflow: hidden; }
        .softmax-explorer__bar > span { display: block; height: 100%; background: var(--nt-bar); transition: width 0.2s; }
        @media (max-width: 30rem) { .softmax-explorer { padding: 0.75rem 0.5rem; } .softmax-explorer th, .softmax-explorer td { padding: 0.25rem; } }
        @media (prefers-reduced-motion: reduce) { .softmax-explorer__bar > span { transition: none; } }
      `}</style>
    </div>
  );
}
