// src/llm's one "encode, generate, collect, decode" (generate-text.ts), which the widget's worker,
// the live-code book, the CLI and the model card share: checked against generate() itself.
import { beforeAll, describe, expect, test } from 'vitest';
import { completeText, createModel, generate, generateText, promptIds, type GPTModel } from '../../../src/llm/index.ts';
import { initNodeBackend } from '../../../src/llm/io/node-fs.ts';
import { BpeTokenizer, byteSymbols, END_OF_TEXT } from '../../../src/llm/tokenizer/tokenizer.ts';
import { initWeights } from '../../../src/llm/weights.ts';
import type { GPTConfig } from '../../../src/llm/config.ts';

const config: GPTConfig = {
  vocab_size: 257,
  n_positions: 8,
  n_embd: 16,
  n_layer: 1,
  n_head: 2,
  layer_norm_epsilon: 1e-5,
  activation_function: 'gelu_new',
  tie_word_embeddings: true,
};
let model: GPTModel;

beforeAll(async () => {
  await initNodeBackend('cpu');
  const tokenizer = new BpeTokenizer({ symbols: [...byteSymbols(), END_OF_TEXT], merges: [], specials: [{ id: 256, content: END_OF_TEXT }] });
  model = createModel(config, initWeights(config, 5), tokenizer);
});

describe('generate-text', () => {
  test('the same ids as generate() for the encoded prompt, decoded together', async () => {
    const options = { maxNewTokens: 12, temperature: 0.9, topK: 50, seed: 3 }; // 12 > context: the window slides
    const ids: number[] = [];
    for await (const t of generate(model, model.tokenizer!.encode('Hi'), options)) ids.push(t.id);
    const done = await completeText(model, 'Hi', options);
    expect(done.ids).toEqual(ids);
    expect(done.text).toBe(model.tokenizer!.decode(ids));
    expect(done.droppedTokens).toBe(0);
  });

  test('the streamed text is whole characters, and a prefix of the decoded text', async () => {
    let last = '';
    const ids: number[] = [];
    for await (const step of generateText(model, [0x41], { maxNewTokens: 10, seed: 9 })) {
      ids.push(step.id);
      expect(step.textSoFar.startsWith(last)).toBe(true);
      expect(step.textSoFar).toBe(last + step.newText);
      last = step.textSoFar;
    }
    expect(model.tokenizer!.decode(ids).startsWith(last)).toBe(true);
  });

  test('a resumed generation counts the ids made before as text so far', async () => {
    const first = await completeText(model, 'ab', { maxNewTokens: 3, temperature: 0 });
    const steps = [];
    for await (const s of generateText(model, 'ab', { maxNewTokens: 2, temperature: 0, continueFrom: first.ids })) steps.push(s);
    const whole = await completeText(model, 'ab', { maxNewTokens: 5, temperature: 0 });
    expect([...first.ids, ...steps.map((s) => s.id)]).toEqual(whole.ids);
  });

  test('an empty prompt or text for a model without a tokenizer is refused with a clear message', () => {
    expect(() => promptIds(model, '')).toThrow(/prompt is empty/);
    expect(() => promptIds({ ...model, tokenizer: undefined }, 'text')).toThrow(/no tokenizer/);
    expect(promptIds(model, [1, 2])).toEqual([1, 2]);
  });
});
