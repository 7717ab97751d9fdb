// The knock-out switches: every head, every MLP and every whole block, as toggle buttons
// (aria-pressed), numbered from 1, plus Reset.
import type { Knockouts } from '../../llm/knockout.ts';

interface Props {
  layers: number;
  heads: number;
  knockouts: Required<Knockouts>;
  onToggle: (part: { layer: number; head?: number; mlp?: boolean }) => void;
  onReset: () => void;
}

export default function Switches({ layers, heads, knockouts, onToggle, onReset }: Props) {
  const headOff = (l: number, h: number) => knockouts.heads.some((k) => k.layer === l && k.head === h);
  return (
    <div class="inspect__switches" role="group" aria-label="Parts to switch off">
      {Array.from({ length: layers }, (_, l) => (
        <div class="inspect__switch-row" key={l} role="group" aria-label={`Layer ${l + 1}`}>
          <span aria-hidden="true">Layer {l + 1}</span>
          {Array.from({ length: heads }, (_, h) => (
            <button type="button" key={h} aria-pressed={headOff(l, h)} aria-label={`Switch off layer ${l + 1}, head ${h + 1}`} onClick={() => onToggle({ layer: l, head: h })}>
              Head {h + 1}
            </button>
          ))}
          <button type="button" aria-pressed={knockouts.mlps.includes(l)} aria-label={`Switch off the MLP of layer ${l + 1}`} onClick={() => onToggle({ layer: l, mlp: true })}>
            MLP
          </button>
          <button type="button" aria-pressed={knockouts.blocks.includes(l)} aria-label={`Switch off the whole block of layer ${l + 1}`} onClick={() => onToggle({ layer: l })}>
            Whole block
          </button>
        </div>
      ))}
      <div>
        <button type="button" onClick={onReset} disabled={knockouts.heads.length + knockouts.mlps.length + knockouts.blocks.length === 0}>
          Reset
        </button>
      </div>
    </div>
  );
}
