// The sampling settings as typed (strings, possibly invalid) and as applied (the last valid value
// of each field), so a half-typed box never reaches the model.
import { useState } from 'preact/hooks';
import type { SamplingSettings } from '../../worker/protocol.ts';
import { DEFAULT_SEED, DEFAULT_SETTINGS, validateSettings, type SettingsInput } from './view.ts';

export interface Applied {
  settings: SamplingSettings;
  seed: number;
}

function toInput({ settings, seed }: Applied): SettingsInput {
  return { temperature: String(settings.temperature), topK: String(settings.topK ?? 0), topP: String(settings.topP), seed: String(seed) };
}

const DEFAULTS: Applied = { settings: DEFAULT_SETTINGS, seed: DEFAULT_SEED };

export function useSettings() {
  const [input, setInput] = useState<SettingsInput>(toInput(DEFAULTS));
  const [applied, setApplied] = useState<Applied>(DEFAULTS);
  return {
    defaults: DEFAULTS,
    input,
    applied,
    errors: (vocabSize?: number) => validateSettings(input, applied, vocabSize).errors,
    /** One field changed: valid fields apply, an invalid one keeps its last value. */
    change(field: keyof SettingsInput, value: string, vocabSize?: number) {
      const next = { ...input, [field]: value };
      setInput(next);
      const v = validateSettings(next, applied, vocabSize);
      setApplied({ settings: v.settings, seed: v.seed });
    },
    reset(to: Applied) {
      setApplied(to);
      setInput(toInput(to));
    },
  };
}
