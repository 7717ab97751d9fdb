// The widget's door into src/llm, checked against a plain softmax over the engine's own logits,
// on a small random model with a bytes-only tokenizer (no trained files needed).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  generateText,
  pickFrom,
  predictNext,
  predictText,
  rankCandidates,
  sampleText,
  toWorkerError,
  wrapModel,
  type ServedModel,
} from '../../../src/worker/engine.ts';
import { softmax } from '../../../src/llm/sample.ts';
import { CheckpointError, completeText, createModel, fitContext, forward, SafetensorsError, type LoadedModel } from '../../../src/llm/index.ts';
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
const plain = { temperature: 1, topK: null, topP: 1 };
let loaded: ServedModel;

beforeAll(async () => {
  await initNodeBackend('cpu');
  const tokenizer = new BpeTokenizer({ symbols: [...byteSymbols(), END_OF_TEXT], merges: [], specials: [{ id: 256, content: END_OF_TEXT }] });
  // Larger-than-default weights so the logits differ clearly between tokens.
  const weights = initWeights(config, 3);
  const scaled = { ...weights, wte: tf.mul(weights.wte, 50) as tf.Tensor2D };
  const model = { ...createModel(config, scaled, tokenizer), info: { bytes: 1234, dtypes: {}, ignored: [], prefix: '' } } as LoadedModel;
  loaded = wrapModel('test-model', model);
});

/** The reference: the engine's logits for the last position, softmaxed by the obvious code. */
async function referenceProbs(ids: number[], temperature = 1): Promise<number[]> {
  const { logits } = await forward(loaded.model, ids);
  const V = logits.shape[1];
  return softmax(Array.from(logits.data.slice((ids.length - 1) * V)), temperature);
}

describe('fitContext', () => {
  test('keeps the last n ids and says how many were dropped', () => {
    expect(fitContext([1, 2, 3], 5)).toEqual({ ids: [1, 2, 3], droppedTokens: 0 });
    expect(fitContext([1, 2, 3, 4, 5, 6, 7], 5)).toEqual({ ids: [3, 4, 5, 6, 7], droppedTokens: 2 });
  });
});

describe('predictText', () => {
  test('the top candidates and their probabilities match a plain softmax of the logits', async () => {
    const p = await predictText(loaded, 'Hi', plain, 5);
    const ids = loaded.tokenizer.encode('Hi');
    const probs = await referenceProbs(ids);
    const ranked = probs.map((q, id) => ({ q, id })).sort((a, b) => b.q - a.q || a.id - b.id);
    expect(p.candidates.map((c) => c.id)).toEqual(ranked.slice(0, 5).map((r) => r.id));
    for (const c of p.candidates) {
      expect(c.probability).toBeCloseTo(probs[c.id], 6);
      expect(c.modelProbability).toBeCloseTo(probs[c.id], 6);
      expect(c.text).toBe(loaded.tokenizer.tokenText(c.id));
    }
    expect(p.candidates[0].probability).toBeGreaterThan(p.candidates[4].probability);
    expect(p.tokens.map((t) => t.id)).toEqual(ids);
    expect(p.droppedTokens).toBe(0);
    expect(p.prompt).toBe('Hi');
  });

  test('temperature reshapes the probabilities exactly as softmax(z / T)', async () => {
    const p = await predictText(loaded, 'ab', { temperature: 0.5, topK: null, topP: 1 }, 3);
    const probs = await referenceProbs(loaded.tokenizer.encode('ab'), 0.5);
    for (const c of p.candidates) expect(c.probability).toBeCloseTo(probs[c.id], 6);
  });

  test('temperature 0 puts everything on the top token; the rest show the model probability', async () => {
    const p = await predictText(loaded, 'ab', { temperature: 0, topK: null, topP: 1 }, 3);
    expect(p.candidates.map((c) => c.probability)).toEqual([1, 0, 0]);
    expect(p.candidates[1].modelProbability).toBeGreaterThan(0);
  });

  test('top-k keeps k tokens and renormalises them', async () => {
    const p = await predictText(loaded, 'ab', { temperature: 1, topK: 2, topP: 1 }, 4);
    const [a, b, c] = p.candidates;
    expect(a.probability + b.probability).toBeCloseTo(1, 9);
    expect(c.probability).toBe(0);
    expect(a.probability / b.probability).toBeCloseTo(a.modelProbability / b.modelProbability, 6);
  });

  test('a prompt longer than the context is cut from the left', async () => {
    const text = 'abcdefghijkl'; // 12 byte tokens, context 8
    const p = await predictText(loaded, text, plain, 3);
    expect(p.droppedTokens).toBe(4);
    expect(p.tokens.map((t) => t.text).join('')).toBe('efghijkl');
    const probs = await referenceProbs(loaded.tokenizer.encode('efghijkl'));
    expect(p.candidates[0].probability).toBeCloseTo(Math.max(...probs), 6);
  });

  test('emoji and other scripts survive as whole-character text in the token list', async () => {
    const p = await predictText(loaded, '東🙂', plain, 3);
    expect(p.tokens.length).toBe(7); // 3 + 4 UTF-8 bytes, one token each
    expect(loaded.tokenizer.decode(p.tokens.map((t) => t.id))).toBe('東🙂');
    expect(p.tokens[0].display).toMatch(/^<0x[0-9A-F]{2}>$/);
  });

  test('an empty prompt is refused, not run', async () => {
    await expect(predictText(loaded, '', plain, 3)).rejects.toThrow(/empty/);
  });

  test('rankCandidates orders by probability under the settings', () => {
    const logits = [0, 3, 1, 2];
    const describe = (ids: number[]) => ids.map((id) => ({ id, text: String(id), display: String(id) }));
    expect(rankCandidates(logits, plain, 4, describe).map((c) => c.id)).toEqual([1, 3, 2, 0]);
    const nucleus = rankCandidates(logits, { temperature: 1, topK: null, topP: 0.5 }, 4, describe);
    expect(nucleus[0]).toMatchObject({ id: 1, probability: 1 }); // softmax top ≈ 0.64 >= 0.5
  });
});

describe('one forward pass, one sampler, one context rule', () => {
  test('a pick from the prediction just made equals a fresh pick, and it is drawn by createSampler', async () => {
    const next = await predictNext(loaded, 'The');
    for (const seed of [0, 1, 7, 99]) {
      expect(pickFrom(loaded, next, plain, seed)).toEqual(await sampleText(loaded, 'The', plain, seed));
    }
    const pick = pickFrom(loaded, next, plain, 3);
    const probs = await referenceProbs(next.ids);
    expect(pick.modelProbability).toBeCloseTo(probs[pick.token.id], 6);
    expect(pick.rank).toBe(1 + probs.filter((q) => q > probs[pick.token.id]).length);
  });

  test('predictNext reads back the last row only, equal to the last row of the full forward pass', async () => {
    const next = await predictNext(loaded, 'Hello');
    const { logits } = await forward(loaded.model, next.ids);
    const V = logits.shape[1];
    expect(next.logits.length).toBe(V);
    const last = logits.data.slice((next.ids.length - 1) * V);
    next.logits.forEach((z, i) => expect(z).toBeCloseTo(last[i], 4));
  });

  test('predict and generate keep the same tokens of a prompt longer than the context', async () => {
    const text = 'abcdefghijkl'; // 12 byte tokens, context 8
    const p = await predictText(loaded, text, { temperature: 0, topK: null, topP: 1 }, 1);
    const g = await completeText(loaded.model, text, { temperature: 0, maxNewTokens: 1 });
    expect(g.droppedTokens).toBe(p.droppedTokens);
    expect(p.droppedTokens).toBe(12 - config.n_positions);
    expect(g.ids[0]).toBe(p.candidates[0].id); // greedy: the same distribution's top token
  });
});

describe('sampleText and generateText', () => {
  test('the same text, settings and seed give the same pick', async () => {
    const a = await sampleText(loaded, 'The', plain, 7);
    const b = await sampleText(loaded, 'The', plain, 7);
    expect(a).toEqual(b);
    const picks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) picks.add((await sampleText(loaded, 'The', plain, seed)).token.id);
    expect(picks.size).toBeGreaterThan(1); // the seed matters
  });

  test('temperature 0 picks the top candidate', async () => {
    const top = (await predictText(loaded, 'xy', plain, 1)).candidates[0].id;
    expect((await sampleText(loaded, 'xy', { temperature: 0, topK: null, topP: 1 }, 123)).token.id).toBe(top);
  });

  test('generates the requested number of tokens, reproducibly, with the text so far', async () => {
    const run = async () => {
      const steps = [];
      for await (const s of generateText(loaded, 'ab', [], plain, 5, 6)) steps.push(s);
      return steps;
    };
    const steps = await run();
    expect(steps).toHaveLength(6);
    expect(steps.at(-1)!.textSoFar).toBe(loaded.tokenizer.decode(steps.map((s) => s.token.id)));
    expect((await run()).map((s) => s.token.id)).toEqual(steps.map((s) => s.token.id));
  });

  test('aborting stops generation', async () => {
    const controller = new AbortController();
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const s of generateText(loaded, 'ab', [], plain, 5, 50, controller.signal)) {
          got.push(s.token.id);
          if (got.length === 3) controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(got).toHaveLength(3);
  });

  test('nothing leaks: predicting, sampling and generating leave no tensors behind', async () => {
    const round = async () => {
      await predictText(loaded, 'Hello there', plain, 5);
      await sampleText(loaded, 'Hello', plain, 1);
      for await (const _ of generateText(loaded, 'Hello', [], plain, 1, 4)) void _;
      const controller = new AbortController();
      try {
        for await (const _ of generateText(loaded, 'Hello', [], plain, 1, 4, controller.signal)) controller.abort();
      } catch {
        // aborted on purpose
      }
    };
    await round(); // the engine caches one causal mask per sequence length: let it fill first
    const before = tf.memory().numTensors;
    await round();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('toWorkerError', () => {
  test('classifies what went wrong for the reader', () => {
    expect(toWorkerError(new CheckpointError('Could not fetch /m/model.safetensors: HTTP 404.'))).toMatchObject({ code: 'missing-file', retryable: true });
    expect(toWorkerError(new SafetensorsError('header is not JSON'))).toMatchObject({ code: 'corrupt-file' });
    expect(toWorkerError(new SyntaxError('Unexpected token < in JSON'))).toMatchObject({ code: 'corrupt-file' });
    expect(toWorkerError(new TypeError('Failed to fetch'))).toMatchObject({ code: 'network' });
    expect(toWorkerError(new Error('No TF.js backend could start (webgpu: x)'))).toMatchObject({ code: 'backend' });
    expect(toWorkerError('boom')).toMatchObject({ code: 'internal', detail: 'boom' });
  });

  test('an error starts with one plain sentence and keeps the technical detail apart', () => {
    const missing = toWorkerError(new CheckpointError('Could not fetch /m/model.safetensors: HTTP 404.'));
    expect(missing.message).toBe('A model file is missing from the site; retry or reload the page.');
    expect(missing.detail).toBe('/m/model.safetensors: HTTP 404.');
    const damaged = toWorkerError(new SafetensorsError('safetensors: file is 3 bytes, too short (truncated?).'));
    expect(damaged.message).toMatch(/^A model file is damaged or incomplete; retry or reload the page\.$/);
    expect(damaged.detail).toContain('too short');
  });
});
