// The generation loop, one stage at a time: tokens -> model -> probabilities -> pick -> append.
// Draws the stage the widget is in and a button for the next one; the widget does the work.
import type { TokenView } from '../model/protocol.ts';
import { formatProbability, tokenFace } from './view.ts';

export const STEPS = ['tokens', 'model', 'probabilities', 'pick', 'append'] as const;
export type Step = (typeof STEPS)[number];

export function nextStep(step: Step): Step {
  return STEPS[(STEPS.indexOf(step) + 1) % STEPS.length];
}

interface Props {
  step: Step;
  tokenCount: number;
  /** The highest-scoring candidates with their raw logits, to show what "scores" means. */
  topLogits?: { text: string; display: string; logit: number }[];
  vocabSize: number | null;
  pick: { token: TokenView; probability: number } | null;
  temperature: number;
  busy: boolean;
  onNext: () => void;
}

export default function StepByStep({ step, tokenCount, topLogits = [], vocabSize, pick, temperature, busy, onNext }: Props) {
  const pickText = pick ? `${tokenFace(pick.token.text, pick.token.display)} (${formatProbability(pick.probability)})` : 'a token';
  const describe: Record<Step, string> = {
    tokens: `The tokenizer splits the prompt into ${tokenCount} token${tokenCount === 1 ? '' : 's'} (the chips above).`,
    model:
      `The transformer reads all ${tokenCount} tokens at once and outputs one score (logit) for each of the ${vocabSize ?? 'V'} tokens in its vocabulary` +
      (topLogits.length ? `; the highest: ${topLogits.map((c) => `${tokenFace(c.text, c.display)} ${c.logit.toFixed(2)}`).join(', ')}.` : '.'),
    probabilities: 'Softmax, with the temperature, top-k and top-p settings, turns the scores into probabilities (the list below).',
    pick: temperature === 0 ? `Temperature 0: take the most likely token, ${pickText}.` : `Draw one token at random with those probabilities (seeded): ${pickText}.`,
    append: `Append ${pickText} to the prompt. Now there are ${tokenCount + 1} tokens, and the loop starts again.`,
  };
  const label: Record<Step, string> = {
    tokens: '1. Tokens',
    model: '2. Model',
    probabilities: '3. Probabilities',
    pick: '4. Pick',
    append: '5. Append',
  };
  const next = nextStep(step);
  return (
    <section class="predict__steps" aria-label="The generation loop, step by step" data-testid="step-by-step">
      <ol class="predict__loop">
        {STEPS.map((s) => (
          <li key={s} class={s === step ? 'predict__loop-step predict__loop-step--current' : 'predict__loop-step'} aria-current={s === step ? 'step' : undefined}>
            {label[s]}
          </li>
        ))}
      </ol>
      <p class="predict__step-text" aria-live="polite" data-step={step}>
        <strong>{label[step]}:</strong> {describe[step]}
      </p>
      <button type="button" onClick={onNext} disabled={busy}>
        Next step: {label[next].replace(/^\d\. /, '')}
      </button>
    </section>
  );
}
