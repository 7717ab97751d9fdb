import { describe, expect, test } from 'vitest';
import { getPreset, parseConfig, PRESETS } from '../../src/llm/config.ts';
import { countParameters } from '../../src/llm/params.ts';

describe('countParameters', () => {
  test('tallies GPT-3 weights the way 3Blue1Brown does', () => {
    const c = countParameters(getPreset('gpt3'));
    expect(c.breakdown.tokenEmbedding).toBe(617_558_016);
    expect(c.breakdown.query).toBe(14_495_514_624);
    expect(c.breakdown.key).toBe(14_495_514_624);
    expect(c.breakdown.value).toBe(14_495_514_624);
    expect(c.breakdown.attentionOutput).toBe(14_495_514_624);
    expect(c.breakdown.mlpUp).toBe(57_982_058_496);
    expect(c.breakdown.mlpDown).toBe(57_982_058_496);
    expect(c.breakdown.unembedding).toBe(617_558_016);
    expect(c.weightsOnly).toBe(175_181_291_520);
    expect(c.weightsOnlyMatrices).toBe(27_938);
  });

  test('gives the published full counts of the GPT-2 family', () => {
    expect(countParameters(getPreset('gpt2')).total).toBe(124_439_808);
    expect(countParameters(getPreset('gpt2-medium')).total).toBe(354_823_168);
    expect(countParameters(getPreset('gpt2-large')).total).toBe(774_030_080);
    expect(countParameters(getPreset('gpt2-xl')).total).toBe(1_557_611_200);
  });

  test('counts an untied unembedding as stored parameters', () => {
    const tied = countParameters(getPreset('gpt2'));
    const untied = countParameters({ ...getPreset('gpt2'), tie_word_embeddings: false });
    expect(untied.total - tied.total).toBe(50257 * 768);
  });
});

describe('parseConfig', () => {
  test('accepts every preset round-tripped through JSON', () => {
    for (const config of Object.values(PRESETS)) {
      expect(parseConfig(JSON.parse(JSON.stringify(config)))).toMatchObject(config);
    }
  });

  test('names the bad key', () => {
    expect(() => parseConfig({ ...PRESETS.gpt2, n_head: 0 })).toThrow(/n_head/);
    expect(() => parseConfig({ ...PRESETS.gpt2, n_embd: 770 })).toThrow(/divisible/);
    expect(() => parseConfig([])).toThrow(/object/);
    expect(() => getPreset('gpt5')).toThrow(/Known presets/);
  });
});
