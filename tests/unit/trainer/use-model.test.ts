// "Use this model": a model trained in the tab, written as the three files of a Hugging Face GPT-2 folder, reads
// back through the book's loader (the worker's loadFromFiles and the CLI's loadModelFromDir) with the same logits;
// damaged or incomplete files give a message naming the file; a folder picked from disk yields its three files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { setupTraining } from '../../../scripts/lib/train-env.ts';
import { readModelFolder, type PickedFile } from '../../../src/components/model-picker/folder.ts';
import { countingText, prepareCorpus } from '../../../src/components/trainer/data.ts';
import { TRAINER_PRESETS } from '../../../src/components/trainer/presets.ts';
import { TrainingRun } from '../../../src/components/trainer/run.ts';
import { modelName } from '../../../src/components/trainer/UseModel.tsx';
import { disposeModel, forward, gptForward } from '../../../src/llm/index.ts';
import { loadModelFromDir } from '../../../src/llm/io/node-fs.ts';
import { unflatten, weightsFromList } from '../../../src/llm/train.ts';
import { loadFromFiles } from '../../../src/worker/engine.ts';
import type { ModelFiles } from '../../../src/worker/model-store.ts';

beforeAll(async () => {
  await setupTraining('wasm');
});

const micro = TRAINER_PRESETS.micro.config;

/** A micro model trained for a few steps on a text with merges, so its tokenizer is not just bytes. */
async function trained(): Promise<{ run: TrainingRun; files: ModelFiles }> {
  const text = countingText(2, 400).replace(/1/g, 'one ');
  const corpus = prepareCorpus(text, 300, micro.n_positions);
  const run = new TrainingRun({ ...micro, vocab_size: corpus.tokenizer.vocabSize }, corpus, { learningRate: 0.003, batch: 2, steps: 20, seed: 5 });
  for (let i = 0; i < 5; i++) run.trainStep();
  return { run, files: await run.files() };
}

/** The run's own logits [T, V] for ids, from its flat parameters (the training code's forward pass). */
function runLogits(run: TrainingRun, ids: number[]): Float32Array {
  const params = (run as unknown as { params: Float32Array }).params;
  const tensors = unflatten(run.config, params);
  const out = tf.tidy(() => gptForward(run.config, weightsFromList(run.config, tensors), tf.tensor2d([ids], [1, ids.length], 'int32')).logits.dataSync() as Float32Array);
  tf.dispose(tensors);
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('a trained model as three files', () => {
  test('reads back through the worker\'s loader and the CLI\'s with the logits the run computes', async () => {
    const { run, files } = await trained();
    expect(JSON.parse(files.config)).toMatchObject({ model_type: 'gpt2', n_layer: 1, n_embd: 16, vocab_size: run.config.vocab_size });
    const served = loadFromFiles('stored:test', files);
    const ids = served.tokenizer.encode('one 0 one 2 one 3');
    expect(served.tokenizer.vocabSize).toBe(run.config.vocab_size);
    const want = runLogits(run, ids);
    expect(maxDiff((await forward(served.model, ids)).logits.data, want)).toBeLessThan(1e-4);

    const dir = mkdtempSync(join(tmpdir(), 'use-model-'));
    writeFileSync(join(dir, 'config.json'), files.config);
    writeFileSync(join(dir, 'model.safetensors'), files.weights);
    writeFileSync(join(dir, 'tokenizer.json'), files.tokenizer);
    const cli = loadModelFromDir(dir);
    expect(maxDiff((await forward(cli, ids)).logits.data, want)).toBeLessThan(1e-4);
    disposeModel(served.model);
    disposeModel(cli);
  });

  test('damaged or incomplete files give a message naming the file', async () => {
    const { files } = await trained();
    const load = (f: Partial<ModelFiles>) => () => loadFromFiles('stored:bad', { ...files, ...f });
    expect(load({ weights: files.weights.subarray(0, files.weights.length - 100) })).toThrow(/^model\.safetensors: .*truncated/);
    expect(load({ weights: new Uint8Array(4) })).toThrow(/^model\.safetensors: /);
    expect(load({ config: '{"n_layer": ' })).toThrow(/config\.json is not valid JSON/);
    expect(load({ config: files.config.replace('"n_embd": 16', '"n_embd": 32') })).toThrow(/shape .* config\.json needs/);
    expect(load({ tokenizer: '' })).toThrow(/tokenizer\.json is empty/);
    expect(load({ tokenizer: '{"model": {}}' })).toThrow(/tokenizer\.json/);
  });

  test('is named after its shape, text and steps', () => {
    const request = { preset: 'tiny', learningRate: 0.003, batch: 8, steps: 2000, seed: 1, threads: 2 };
    expect(modelName({ ...request, source: { kind: 'counting' } }, 300)).toBe('my model (book-tiny shape, counting, 300 steps)');
    expect(modelName({ ...request, preset: 'micro', source: { kind: 'sample', url: '', label: 'Brown Corpus sample: news' } }, 1200)).toBe('my model (micro shape, news, 1,200 steps)');
  });
});

describe('readModelFolder', () => {
  const file = (path: string, body: string): PickedFile => ({
    name: path.split('/').at(-1)!,
    webkitRelativePath: path.includes('/') ? path : '',
    text: async () => body,
    arrayBuffer: async () => new TextEncoder().encode(body).buffer as ArrayBuffer,
  });

  test('takes the three files of a folder (extra files ignored) and the folder\'s name', async () => {
    const read = await readModelFolder([file('gpt2/config.json', '{}'), file('gpt2/README.md', '#'), file('gpt2/model.safetensors', 'w'), file('gpt2/tokenizer.json', 't')]);
    expect(read).toMatchObject({ name: 'gpt2', files: { config: '{}', tokenizer: 't' } });
  });

  test('names the missing files and stores nothing', async () => {
    await expect(readModelFolder([file('config.json', '{}')])).resolves.toMatch(/lack model\.safetensors and tokenizer\.json/);
    await expect(readModelFolder([])).resolves.toBe('No files were picked.');
  });
});
