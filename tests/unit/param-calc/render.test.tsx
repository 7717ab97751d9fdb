// What the calculator shows before JavaScript runs: the server render for a preset.
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import { CALC_PRESETS, FIELDS } from '../../../src/components/params/calc.ts';
import ParamCalculator from '../../../src/components/params/ParamCalculator.tsx';

describe('server render', () => {
  test('GPT-2 small shows its labelled fields and 124,439,808', () => {
    const html = renderToString(h(ParamCalculator, { preset: 'gpt2' }));
    for (const f of FIELDS) expect(html).toContain(`>${f.label}</label>`);
    expect(html).toContain('data-value="124439808"');
    expect(html).toMatch(/aria-describedby="[^"]+-n_head-message"/);
    expect(html).toContain('<option value="gpt2" selected');
  });

  test.each(CALC_PRESETS.map((p) => p.name))('%s renders with no NaN or Infinity', (name) => {
    const html = renderToString(h(ParamCalculator, { preset: name }));
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });
});
