// The `book` object of live code blocks against src/llm called directly: same ids, same logits, same
// generated text, weights kept across run scopes, downloads reported so the time limit can pause.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBook } from '../../../src/components/live/book.ts';
import {
  configJson,
  forward,
  generate,
  getPreset,
  initWeights,
  loadModelFromBytes,
  trainTokenizer,
  weightsToSafetensors,
  type GPTConfig,
} from '../../../src/llm/index.ts';

const BASE = 'http://book.test/next-token/';
const TEXT = 'the cat sat on the mat. the dog sat on the log. a cat and a dog met on a mat. '.repeat(20);
let files: Map<string, Uint8Array | string>;
let realFetch: typeof fetch;
let config: GPTConfig;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const tokenizer = trainTokenizer(TEXT, 300);
  config = { ...getPreset('book-tiny'), vocab_size: tokenizer.vocabSize, n_positions: 32 };
  const weights = initWeights(config, 7);
  const dir = `${BASE}models/book-small/`;
  files = new Map<string, Uint8Array | string>([
    [`${dir}config.json`, configJson(config)],
    [`${dir}tokenizer.json`, JSON.stringify(tokenizer)],
    [`${dir}model.safetensors`, await weightsToSafetensors(weights)],
  ]);
  tf.dispose(Object.values(weights) as unknown as tf.Tensor[]);
  realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = files.get(url);
    return body === undefined ? new Response('missing', { status: 404 }) : new Response(body as BodyInit);
  }) as typeof fetch;
});

afterAll(() => {
  globalThis.fetch = realFetch;
});

/** The reference: the same files loaded straight through src/llm. */
function reference() {
  const dir = `${BASE}models/book-small/`;
  return loadModelFromBytes({
    config: JSON.parse(files.get(`${dir}config.json`) as string),
    tokenizer: files.get(`${dir}tokenizer.json`) as string,
    weights: files.get(`${dir}model.safetensors`) as Uint8Array,
  });
}

describe('book', () => {
  test('tokenize gives the tokenizer’s ids with display pieces, and decode inverts it', async () => {
    const book = createBook({ base: BASE, models: ['book-small'] });
    const ref = reference();
    const { ids, pieces } = await book.tokenize('the cat sat');
    expect(ids).toEqual(ref.tokenizer!.encode('the cat sat'));
    expect(pieces.join('')).toBe('the␣cat␣sat');
    expect(await book.decode(ids)).toBe('the cat sat');
  });

  test('model.forward returns the engine’s logits as a [T, V] tensor', async () => {
    const book = createBook({ base: BASE, models: ['book-small'] });
    const model = await book.loadModel();
    expect(model.name).toBe('book-small');
    expect(model.config.vocab_size).toBe(config.vocab_size);
    const { ids } = await book.tokenize('the dog sat on');
    const { logits } = await model.forward(ids);
    expect(logits.shape).toEqual([ids.length, config.vocab_size]);
    const expected = await forward(reference(), ids);
    const got = await logits.data();
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected.logits.data[i]));
    expect(maxDiff).toBeLessThan(1e-5);
  });

  test('the model survives the engine scope a run closes; the run’s own tensors do not', async () => {
    const book = createBook({ base: BASE, models: ['book-small'] });
    const before = tf.memory().numTensors;
    tf.engine().startScope();
    const model = await book.loadModel();
    await model.forward([1, 2, 3]);
    tf.engine().endScope();
    const afterLoad = tf.memory().numTensors;
    expect(afterLoad).toBeGreaterThan(before); // the weights
    tf.engine().startScope();
    const { logits } = await (await book.loadModel()).forward([1, 2, 3]);
    expect(logits.isDisposed).toBe(false);
    tf.engine().endScope();
    expect(tf.memory().numTensors).toBe(afterLoad);
    expect(logits.isDisposed).toBe(true);
  });

  test('generate returns the new text the engine generates for the same settings', async () => {
    const book = createBook({ base: BASE, models: ['book-small'] });
    const model = await book.loadModel();
    const text = await book.generate(model, 'the cat', { maxNewTokens: 8, temperature: 0.9, topK: 20, seed: 3 });
    const ref = reference();
    const ids: number[] = [];
    for await (const t of generate(ref, ref.tokenizer!.encode('the cat'), { maxNewTokens: 8, temperature: 0.9, topK: 20, seed: 3 })) ids.push(t.id);
    expect(text).toBe(ref.tokenizer!.decode(ids));
    expect(text.length).toBeGreaterThan(0);
  });

  test('downloads are reported once each, so the time limit can pause', async () => {
    const events: boolean[] = [];
    const book = createBook({ base: BASE, models: ['book-small'], onLoading: (loading) => events.push(loading) });
    await Promise.all([book.loadModel(), book.loadModel(), book.tokenize('a')]);
    expect(events).toEqual([true, false]);
    await book.loadModel();
    expect(events).toEqual([true, false]);
  });

  test('with no name, the largest model the site ships is used', async () => {
    const dir = `${BASE}models/book-small/`;
    const saved = [...files].filter(([url]) => url.startsWith(dir));
    for (const [url, body] of saved) files.set(url.replace('book-small', 'book-tiny'), body);
    try {
      const tinyOnly = createBook({ base: BASE, models: ['book-tiny'] });
      expect((await tinyOnly.loadModel()).name).toBe('book-tiny');
      expect((await tinyOnly.tokenize('the cat')).ids.length).toBeGreaterThan(0);
      expect((await createBook({ base: BASE, models: ['book-tiny', 'book-small'] }).loadModel()).name).toBe('book-small');
    } finally {
      for (const [url] of saved) files.delete(url.replace('book-small', 'book-tiny'));
    }
    await expect(createBook({ base: BASE, models: [] }).loadModel()).rejects.toThrow(/None of the book's models/);
  });

  test('mistakes get messages that say what to do', async () => {
    const book = createBook({ base: BASE, models: ['book-small'] });
    await expect(book.loadModel('gpt-4' as 'book-tiny')).rejects.toThrow(/unknown model "gpt-4".*book-small, book-tiny/);
    await expect(book.loadModel('book-tiny')).rejects.toThrow(/HTTP 404/);
    await expect(book.tokenize(42 as unknown as string)).rejects.toThrow(/Expected text/);
    const model = await book.loadModel();
    await expect(model.forward('the cat' as unknown as number[])).rejects.toThrow(/array of token ids/);
    await expect(book.generate({} as never, 'x')).rejects.toThrow(/book.loadModel/);
  });

  test('countParameters and formatCount are the book’s counter', () => {
    const book = createBook({ base: BASE, models: ['book-small'] });
    expect(book.countParameters('gpt3').weightsOnly).toBe(175_181_291_520);
    expect(book.formatCount(124_439_808)).toBe('124,439,808');
    expect(() => book.countParameters('gpt-5')).toThrow(/Unknown preset/);
  });
});
