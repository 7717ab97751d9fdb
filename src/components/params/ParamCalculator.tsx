// Chapter 8's parameter calculator: type a model's shape (or pick a preset) and see its matrices,
// totals, memory and training compute. Pure arithmetic from src/llm/params.ts: no TF.js, no worker.
import { useEffect, useId, useState } from 'preact/hooks';
import type { PresetName } from '../../llm/config.ts';
import { CALC_PRESETS, FIELDS } from './calc.ts';
import CalcField from './CalcField.tsx';
import { ComputeLine, MemoryTable } from './CostTables.tsx';
import TallyTable from './TallyTable.tsx';
import TotalsTable from './TotalsTable.tsx';
import { useParamCalc, type ParamCalcState } from './useParamCalc.ts';

interface Props {
  /** The preset shown first. */
  preset?: PresetName;
}

const CHOICES: { key: 'tied' | 'biases' | 'layerNorms'; label: string }[] = [
  { key: 'tied', label: 'Tied embeddings (the unembedding reuses the embedding matrix)' },
  { key: 'biases', label: 'Count biases in N' },
  { key: 'layerNorms', label: 'Count layer norms in N' },
];

function Controls({ calc, id }: { calc: ParamCalcState; id: string }) {
  return (
    <>
      <div class="param-calc__preset">
        <label for={`${id}-preset`}>Preset</label>
        <select
          class="nt-input"
          id={`${id}-preset`}
          value={calc.preset ?? ''}
          onChange={(e) => {
            const name = (e.target as HTMLSelectElement).value;
            if (name) calc.choosePreset(name as PresetName);
          }}
        >
          <option value="" disabled selected={calc.preset === null}>
            Custom
          </option>
          {CALC_PRESETS.map((p) => (
            <option key={p.name} value={p.name} selected={calc.preset === p.name}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="param-calc__fields">
        <legend>Shape</legend>
        {FIELDS.filter((f) => f.key !== 'tokens').map((spec) => (
          <CalcField key={spec.key} spec={spec} id={`${id}-${spec.key}`} text={calc.fields[spec.key]} error={calc.errors[spec.key]} onInput={(t) => calc.setField(spec.key, t)} />
        ))}
      </fieldset>
      <fieldset class="param-calc__choices">
        <legend>What counts</legend>
        {CHOICES.map(({ key, label }) => (
          <label key={key}>
            <input type="checkbox" checked={calc.choices[key]} onChange={(e) => calc.setChoice(key, (e.target as HTMLInputElement).checked)} /> {label}
          </label>
        ))}
      </fieldset>
    </>
  );
}

export default function ParamCalculator({ preset = 'gpt3' }: Props) {
  const id = useId();
  const calc = useParamCalc(preset);
  const tokensSpec = FIELDS.find((f) => f.key === 'tokens')!;
  const [hydrated, setHydrated] = useState(false); // lets tests (and CSS) tell the live island from the build's HTML
  useEffect(() => setHydrated(true), []);
  return (
    <div class="nt-island param-calc not-content" data-testid="param-calc" data-hydrated={hydrated ? 'true' : 'false'}>
      <Controls calc={calc} id={id} />
      <p class="param-calc__stale" role="status" data-testid="param-calc-stale">
        {calc.stale ? 'A field needs fixing; the numbers below are for the last valid settings.' : ''}
      </p>
      <TallyTable count={calc.result.count} tied={calc.choices.tied} />
      <TotalsTable result={calc.result} choices={calc.choices} />
      <MemoryTable result={calc.result} />
      <CalcField spec={tokensSpec} id={`${id}-tokens`} text={calc.fields.tokens} error={calc.errors.tokens} onInput={(t) => calc.setField('tokens', t)} />
      <ComputeLine result={calc.result} tokens={calc.tokens} />
    </div>
  );
}
