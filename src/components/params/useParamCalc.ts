// What the parameter calculator knows: the text of each field, the three choices, and the last
// valid model (so a half-typed field never blanks the results or shows NaN).
import { useRef, useState } from 'preact/hooks';
import { getPreset, type GPTConfig, type PresetName } from '../../llm/config.ts';
import { matchingPreset, presetFields, totals, validate, type Choices, type FieldKey, type FieldText, type Totals } from './calc.ts';

export interface ParamCalcState {
  fields: FieldText;
  choices: Choices;
  errors: Partial<Record<FieldKey, string>>;
  /** True while a field is invalid: the results are for the last valid settings. */
  stale: boolean;
  config: GPTConfig;
  tokens: number;
  preset: PresetName | null;
  result: Totals;
  setField: (key: FieldKey, text: string) => void;
  setChoice: (key: keyof Choices, on: boolean) => void;
  choosePreset: (name: PresetName) => void;
}

export function useParamCalc(initialPreset: PresetName): ParamCalcState {
  const [fields, setFields] = useState<FieldText>(() => presetFields(initialPreset));
  const [choices, setChoices] = useState<Choices>(() => ({ tied: getPreset(initialPreset).tie_word_embeddings, biases: true, layerNorms: true }));
  const checked = validate(fields, choices.tied);
  const lastValid = useRef<{ config: GPTConfig; tokens: number } | null>(null);
  if (checked.errors === null) lastValid.current = { config: checked.config, tokens: checked.tokens };
  // The initial fields come from a preset, so by the first render lastValid is always set.
  const config = { ...lastValid.current!.config, tie_word_embeddings: choices.tied };
  const tokens = lastValid.current!.tokens;

  return {
    fields,
    choices,
    errors: checked.errors ?? {},
    stale: checked.errors !== null,
    config,
    tokens,
    preset: checked.errors === null ? matchingPreset(config) : null, // "Custom" while a field is bad, so any preset can restore it
    result: totals(config, tokens, choices),
    setField: (key, text) => setFields((f) => ({ ...f, [key]: text })),
    setChoice: (key, on) => setChoices((c) => ({ ...c, [key]: on })),
    // A preset sets the shape; the reader's token count stays.
    choosePreset: (name) => {
      setFields((f) => ({ ...presetFields(name), tokens: f.tokens }));
      setChoices((c) => ({ ...c, tied: getPreset(name).tie_word_embeddings }));
    },
  };
}
