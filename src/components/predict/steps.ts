// The step machine of "Step by step": tokens -> model -> probabilities -> pick -> append -> tokens,
// and what each stage says. Pure: the widget supplies the numbers it has on screen.
import type { TokenView } from '../../worker/protocol.ts';
import { formatProbability, tokenFace } from './view.ts';

export const STEPS = ['tokens', 'model', 'probabilities', 'pick', 'append'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_LABELS: Record<Step, string> = {
  tokens: '1. Tokens',
  model: '2. Model',
  probabilities: '3. Probabilities',
  pick: '4. Pick',
  append: '5. Append',
};

export function nextStep(step: Step): Step {
  return STEPS[(STEPS.indexOf(step) + 1) % STEPS.length];
}

export interface StepFacts {
  /** Tokens the chips show now, or null while the prompt is being tokenized again (after an append). */
  tokenCount: number | null;
  /** The highest-scoring candidates with their raw logits, to show what "scores" means. */
  topLogits?: { text: string; display: string; logit: number }[];
  vocabSize: number | null;
  pick: { token: TokenView; probability: number } | null;
  temperature: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What one stage says, with the numbers on screen (never a count the chips do not show). */
export function stepText(step: Step, f: StepFacts): string {
  const pickText = f.pick ? `${tokenFace(f.pick.token.text, f.pick.token.display)} (${formatProbability(f.pick.probability)})` : 'a token';
  const n = f.tokenCount;
  switch (step) {
    case 'tokens':
      return n === null
        ? 'The tokenizer splits the prompt into tokens (the chips above; updating for the new prompt).'
        : `The tokenizer splits the prompt into ${plural(n, 'token')} (the chips above).`;
    case 'model':
      return (
        `The transformer reads all ${n === null ? 'the' : n} tokens at once and outputs one score (logit) for each of the ${f.vocabSize ?? 'V'} tokens in its vocabulary` +
        (f.topLogits?.length ? `; the highest: ${f.topLogits.map((c) => `${tokenFace(c.text, c.display)} ${c.logit.toFixed(2)}`).join(', ')}.` : '.')
      );
    case 'probabilities':
      return 'Softmax, with the temperature, top-k and top-p settings, turns the scores into probabilities (the list above).';
    case 'pick':
      return f.temperature === 0 ? `Temperature 0: take the most likely token, ${pickText}.` : `Draw one token at random with those probabilities (seeded): ${pickText}.`;
    case 'append':
      return n === null
        ? `Append ${pickText} to the prompt. The longer prompt is tokenized again, and the loop starts again.`
        : `Append ${pickText} to the prompt. The chips now show the longer prompt's ${plural(n, 'token')}, and the loop starts again.`;
  }
}
