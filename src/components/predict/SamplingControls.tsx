// Temperature, top-k, top-p and seed, each validated with a message next to it, plus the math
// they apply, shown on demand. Temperature, top-k and top-p also get a slider that redraws live
// (the number box stays for exact values and is the control assistive technology uses).
// Holds no state: the widget owns the raw strings and the errors.
import type { SamplingSettings } from '../../worker/protocol.ts';
import { DEFAULT_SETTINGS, errorParts, MAX_TEMPERATURE, type SettingsInput, type Validated } from './view.ts';

interface Props {
  idPrefix: string;
  input: SettingsInput;
  errors: Validated['errors'];
  settings: SamplingSettings; // the valid values in force
  vocabSize?: number;
  disabled?: boolean;
  onChange: (field: keyof SettingsInput, value: string) => void;
}

interface FieldSpec {
  field: keyof SettingsInput;
  label: string;
  min: number;
  max?: number;
  step: string;
  hint: string;
  slider?: { min: number; max: number; step: string }; // a coarser range for dragging
}

export default function SamplingControls({ idPrefix, input, errors, settings, vocabSize, disabled, onChange }: Props) {
  const fields: FieldSpec[] = [
    { field: 'temperature', label: 'Temperature', min: 0, max: MAX_TEMPERATURE, step: '0.1', hint: '0 = always the top token', slider: { min: 0, max: 2, step: '0.05' } },
    { field: 'topK', label: 'Top-k', min: 0, max: vocabSize, step: '1', hint: '0 = off', slider: { min: 0, max: 100, step: '1' } },
    { field: 'topP', label: 'Top-p', min: 0, max: 1, step: '0.05', hint: '1 = off', slider: { min: 0.05, max: 1, step: '0.05' } },
    { field: 'seed', label: 'Seed', min: 0, max: 4294967295, step: '1', hint: 'same seed, same picks' },
  ];
  return (
    <fieldset class="predict__controls" disabled={disabled}>
      <legend>Sampling settings</legend>
      <p class="predict__defaults">
        Defaults: temperature {DEFAULT_SETTINGS.temperature}, top-p {DEFAULT_SETTINGS.topP}, top-k off; they give text that reads
        better than the raw probabilities (temperature 1, top-p 1).
      </p>
      <div class="predict__fields">
        {fields.map(({ field, label, min, max, step, hint, slider }) => {
          const id = `${idPrefix}-${field}`;
          const error = errors[field];
          return (
            <div class="predict__field" key={field}>
              <label for={id}>{label}</label>
              <input
                id={id}
                type="number"
                inputMode="decimal"
                min={min}
                max={max}
                step={step}
                value={input[field]}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
                onInput={(e) => onChange(field, (e.target as HTMLInputElement).value)}
              />
              {slider && (
                // A second way to set the same value, for the pointer: hidden from assistive technology and
                // out of the tab order, so the field has one name and one tab stop (the number box).
                <input
                  type="range"
                  class="predict__slider"
                  aria-hidden="true"
                  tabIndex={-1}
                  min={slider.min}
                  max={slider.max}
                  step={slider.step}
                  value={error ? undefined : input[field]}
                  onInput={(e) => onChange(field, (e.target as HTMLInputElement).value)}
                />
              )}
              <small id={`${id}-hint`}>{hint}</small>
              {error && (
                <small id={`${id}-error`} class="nt-error predict__error-text">
                  <span role="alert">{errorParts(error).rule}</span> {errorParts(error).typed}
                </small>
              )}
            </div>
          );
        })}
      </div>
      <details class="predict__math">
        <summary>Show the math these settings apply</summary>
        <SamplingMath settings={settings} />
      </details>
    </fieldset>
  );
}

/** The three steps from logits z to the distribution sampling uses, with the current numbers. */
function SamplingMath({ settings }: { settings: SamplingSettings }) {
  const { temperature: T, topK: k, topP: p } = settings;
  return (
    <ol class="predict__math-steps">
      <li>
        <strong>Temperature</strong> (T = {T}): divide every logit <var>z</var><sub>i</sub> by T, then softmax:
        <div class="predict__formula">
          p<sub>i</sub> = exp(z<sub>i</sub> / T) / Σ<sub>j</sub> exp(z<sub>j</sub> / T)
        </div>
        {T === 0
          ? 'T = 0 is the limit: all probability goes to the largest logit (greedy decoding).'
          : T < 1
            ? 'T below 1 sharpens the distribution: likely tokens get likelier.'
            : T > 1
              ? 'T above 1 flattens it: unlikely tokens get more chances.'
              : 'T = 1 leaves the model’s own probabilities unchanged.'}
      </li>
      <li>
        <strong>Top-k</strong> (k = {k ?? 'off'}):{' '}
        {k === null ? 'off; every token stays.' : `keep the ${k} most likely tokens, set the rest to 0.`}
      </li>
      <li>
        <strong>Top-p</strong> (p = {p}):{' '}
        {p >= 1
          ? 'off; every token stays.'
          : `sort by probability and keep the smallest set of top tokens whose probabilities add up to at least ${p}; drop the rest.`}
      </li>
      <li>
        <strong>Renormalise</strong>: divide the kept probabilities by their sum so they add up to 1 again, then
        draw one token with a random number seeded by the seed.
      </li>
    </ol>
  );
}
