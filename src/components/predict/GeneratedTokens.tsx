// What "Generate" produced: one chip per token, coloured by how likely the model thought it was,
// with the probability written on each chip too (colour is never the only signal) and a legend.
import type { Generation } from './prompt-state.ts';
import { generationLine } from './prompt-state.ts';
import TokenChips from './TokenChips.tsx';
import { formatProbability } from './view.ts';

/** Probability bands the colours stand for. */
const BANDS = [
  { min: 0.5, name: 'likely', className: 'predict__chip--likely', range: '50% or more' },
  { min: 0.1, name: 'plausible', className: 'predict__chip--plausible', range: '10% to 50%' },
  { min: 0, name: 'surprising', className: 'predict__chip--surprising', range: 'under 10%' },
] as const;

function bandOf(probability: number) {
  return BANDS.find((b) => probability >= b.min) ?? BANDS[BANDS.length - 1];
}

interface Props {
  generation: Generation;
  maxNewTokens: number;
}

export default function GeneratedTokens({ generation, maxNewTokens }: Props) {
  const { steps, phase } = generation;
  return (
    <div
      class="predict__generated"
      data-testid="generated"
      data-count={steps.length}
      data-phase={phase}
      data-decode-ms={generation.decodeMs?.toFixed(2)}
      aria-busy={phase === 'running'}
    >
      <p class={phase === 'failed' ? 'predict__error-text' : undefined}>{generationLine(generation, maxNewTokens)}</p>
      <TokenChips
        tokens={steps.map((s) => s.token)}
        label="Generated tokens"
        note={(i) => {
          const band = bandOf(steps[i].probability);
          return { text: `${formatProbability(steps[i].probability)} (${band.name})`, className: band.className };
        }}
      />
      <ul class="predict__legend" aria-label="Colours of the generated tokens">
        {BANDS.map((b) => (
          <li key={b.name}>
            <span class={`predict__swatch ${b.className}`} aria-hidden="true" /> {b.name}: {b.range}
          </li>
        ))}
      </ul>
    </div>
  );
}
