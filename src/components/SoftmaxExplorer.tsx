// A small island for chapters 2 and 6: edit a few scores, move the temperature, watch softmax reshape
// them into probabilities. Pure arithmetic: no TF.js, nothing to download. Typed scores stay as typed;
// readScore (utils/score-input.ts) decides what they mean. MDX uses it through SoftmaxExplorer.astro;
// styles: src/styles/softmax-explorer.css.
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
    <div class="nt-island softmax-explorer not-content" data-testid="softmax-explorer">
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
                  <span id={`${id}-e${i}`} class="nt-error softmax-explorer__error" aria-live="polite" data-testid="score-error">
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
    </div>
  );
}
