// The model worker's own logic (queue, cancellation, loading once, device loss mid-generation) with
// the engine replaced by a fake, so each rule can be forced and checked without TF.js.
import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../../../src/worker/protocol.ts';

const engine = vi.hoisted(() => ({
  loads: [] as string[],
  backendStarts: 0,
  lostListener: null as null | ((info: { name: string; detail?: string; reason?: string }) => void),
  loseDeviceAtStep: -1,
  loseDeviceOnPredict: false,
  predicted: [] as string[],
}));

vi.mock('../../../src/worker/engine.ts', () => {
  const describe = (ids: number[]) => ids.map((id) => ({ id, text: `t${id}`, display: `t${id}` }));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // Like src/llm's initBackend: one shared choice, replaced after a lost device.
  let backend: Promise<object> | null = null;
  return {
    startBackend: () => {
      if (!backend) {
        engine.backendStarts++;
        backend = Promise.resolve({ name: 'webgpu', detail: 'Fake GPU' });
      }
      return backend;
    },
    onDeviceLost: (listener: NonNullable<typeof engine.lostListener>) => {
      engine.lostListener = (info) => {
        backend = Promise.resolve(info);
        listener(info);
      };
      return () => {};
    },
    loadFromUrl: async (url: string, name: string, onProgress: (p: object) => void) => {
      engine.loads.push(url);
      if (name === 'missing') throw new Error('HTTP 404');
      onProgress({ file: 'model.safetensors', loaded: 50, total: 100 });
      await sleep(5);
      onProgress({ file: 'model.safetensors', loaded: 100, total: 100 });
      return { name, model: { config: { n_positions: 8, vocab_size: 10 } }, bytes: 100, describe };
    },
    modelFacts: (model: string, loaded: { model: { config: { n_positions: number; vocab_size: number } } }) => ({
      model,
      contextWindow: loaded.model.config.n_positions,
      vocabSize: loaded.model.config.vocab_size,
      layers: 1,
      heads: 1,
    }),
    loadFromFiles: () => ({ name: 'stored:x', model: { config: { n_positions: 8, vocab_size: 10 } }, bytes: 100, describe }),
    releaseModel: () => {},
    StoredModelError: class extends Error {},
    describePrediction: (_loaded: unknown, text: string) => ({ prompt: text }),
    rankCandidates: () => [],
    pickFrom: () => ({ token: describe([1])[0], probability: 1, modelProbability: 1, rank: 1 }),
    predictNext: async (_loaded: unknown, text: string) => {
      await sleep(5);
      if (engine.loseDeviceOnPredict) {
        engine.loseDeviceOnPredict = false;
        engine.lostListener?.({ name: 'cpu', detail: 'plain JavaScript' });
        throw new Error('GPUDevice was lost');
      }
      engine.predicted.push(text);
      return { ids: [1], droppedTokens: 0, logits: new Float32Array(10) };
    },
    generateText: async function* (_l: unknown, _t: string, produced: number[], _s: unknown, _seed: number, maxTokens: number, signal?: AbortSignal) {
      const start = produced.length; // the worker keeps appending to its array; the engine copies it
      for (let i = 0; i < maxTokens; i++) {
        await sleep(2);
        signal?.throwIfAborted();
        const step = start + i;
        if (step === engine.loseDeviceAtStep) {
          engine.loseDeviceAtStep = -1;
          engine.lostListener?.({ name: 'wasm', detail: 'SIMD', reason: 'WebGPU device lost' });
          throw new Error('GPUDevice was lost');
        }
        yield { token: describe([step])[0], probability: 0.5, textSoFar: `upto${step}`, logits: new Float32Array(10) };
      }
    },
    toWorkerError: (error: unknown) => ({ code: /404/.test(String(error)) ? 'missing-file' : 'internal', message: String(error), retryable: true }),
  };
});

const sent: FromWorker[] = [];
const scope = { postMessage: (m: FromWorker) => sent.push(m), location: { origin: 'http://site.test' }, onmessage: null as null | ((e: { data: ToWorker }) => void) };

beforeAll(async () => {
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('../../../src/worker/model.worker.ts');
});

beforeEach(() => {
  sent.length = 0;
  engine.predicted.length = 0;
});

let nextId = 1000;
function send(message: ToWorker) {
  scope.onmessage!({ data: message });
}
function call(name: string, params: object): number {
  const id = nextId++;
  send({ type: 'call', id, call: name, params } as ToWorker);
  return id;
}
function settled(id: number): Promise<FromWorker> {
  return vi.waitFor(
    () => {
      const m = sent.find((x) => x.id === id && (x.type === 'done' || x.type === 'error'));
      if (!m) throw new Error('not yet');
      return m;
    },
    { timeout: 3000, interval: 2 },
  );
}
const settings = { temperature: 1, topK: null, topP: 1 };

describe('model worker', () => {
  test('loads a model once from <base>models/<name>/, with byte progress, and reports the backend', async () => {
    const id = call('load', { model: 'book-tiny', backend: null });
    const done = await settled(id);
    expect(done).toMatchObject({ type: 'done', result: { model: 'book-tiny', contextWindow: 8, vocabSize: 10, bytes: 100, backend: { name: 'webgpu', detail: 'Fake GPU' } } });
    expect(sent.filter((m) => m.id === id && m.type === 'progress').map((m) => (m as { progress: { loaded: number } }).progress.loaded)).toEqual([50, 100]);
    expect(engine.loads).toEqual(['http://site.test/models/book-tiny/']);
    await settled(call('load', { model: 'book-tiny', backend: null }));
    expect(engine.loads).toHaveLength(1);
    expect(engine.backendStarts).toBe(1);
  });

  test('a failed load is an error value and is retried by the next call', async () => {
    const first = await settled(call('load', { model: 'missing', backend: null }));
    expect(first).toMatchObject({ type: 'error', error: { code: 'missing-file', retryable: true } });
    await settled(call('load', { model: 'missing', backend: null }));
    expect(engine.loads.filter((u) => u.includes('missing'))).toHaveLength(2);
  });

  test('calls run one at a time, and a call cancelled while queued never runs', async () => {
    const a = call('predict', { model: 'book-tiny', text: 'a', settings, topN: 3 });
    const b = call('predict', { model: 'book-tiny', text: 'b', settings, topN: 3 });
    const c = call('predict', { model: 'book-tiny', text: 'c', settings, topN: 3 });
    send({ type: 'cancel', id: b });
    expect(await settled(b)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    await settled(c);
    expect((await settled(a)).type).toBe('done');
    expect(engine.predicted).toEqual(['a', 'c']);
  });

  test('streams generated tokens and stops when cancelled', async () => {
    const id = call('generate', { model: 'book-tiny', text: 'x', settings, seed: 1, maxNewTokens: 200, topN: 3 });
    await vi.waitFor(() => expect(sent.filter((m) => m.id === id && m.type === 'stream').length).toBeGreaterThanOrEqual(3), { interval: 2 });
    send({ type: 'cancel', id });
    expect(await settled(id)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    const streamed = sent.filter((m) => m.id === id && m.type === 'stream').length;
    expect(streamed).toBeLessThan(200);
  });

  test('a device lost mid-generation moves to the next backend, reloads the weights and finishes', async () => {
    engine.loseDeviceAtStep = 4;
    const loadsBefore = engine.loads.length;
    const id = call('generate', { model: 'book-tiny', text: 'x', settings, seed: 1, maxNewTokens: 10, topN: 3 });
    const done = await settled(id);
    const stream = sent.filter((m) => m.id === id && m.type === 'stream') as Extract<FromWorker, { type: 'stream' }>[];
    expect(stream.flatMap((m) => m.item.steps.map((s) => s.token.id))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stream[0].item.backend).toBe('webgpu');
    expect(stream.at(-1)!.item.backend).toBe('wasm');
    expect(sent.some((m) => m.id === id && m.type === 'backend')).toBe(true);
    expect(done).toMatchObject({ type: 'done', result: { text: 'upto9', backend: { name: 'wasm' } } });
    expect(engine.loads.length).toBe(loadsBefore + 1);
  });

  test('a prediction hit by a device loss is answered on the next backend', async () => {
    engine.loseDeviceOnPredict = true;
    const loadsBefore = engine.loads.length;
    const id = call('predict', { model: 'book-tiny', text: 'again', settings, topN: 3 });
    expect(await settled(id)).toMatchObject({ type: 'done', result: { prompt: 'again' } });
    expect(sent.find((m) => m.id === id && m.type === 'backend')).toMatchObject({ backend: { name: 'cpu' } });
    expect(engine.loads.length).toBe(loadsBefore + 1);
  });

  test('generated tokens travel in batches (fewer messages than tokens), all of them, in order', async () => {
    const id = call('generate', { model: 'book-tiny', text: 'x', settings, seed: 1, maxNewTokens: 60, topN: 3 });
    expect(await settled(id)).toMatchObject({ type: 'done' });
    const stream = sent.filter((m) => m.id === id && m.type === 'stream') as Extract<FromWorker, { type: 'stream' }>[];
    expect(stream.flatMap((m) => m.item.steps.map((s) => s.token.id))).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(stream.length).toBeLessThan(60);
    expect(stream.at(-1)!.item.textSoFar).toBe('upto59');
  });

  test('a pick for the prompt just predicted reuses that prediction: no second forward pass', async () => {
    await settled(call('predict', { model: 'book-tiny', text: 'reuse me', settings, topN: 3 }));
    expect(await settled(call('sample', { model: 'book-tiny', text: 'reuse me', settings, seed: 4 }))).toMatchObject({ type: 'done', result: { rank: 1 } });
    expect(engine.predicted).toEqual(['reuse me']);
    await settled(call('sample', { model: 'book-tiny', text: 'another text', settings, seed: 4 }));
    expect(engine.predicted).toEqual(['reuse me', 'another text']);
  });

  test('other failures are not retried', async () => {
    const id = call('predict', { model: 'missing', text: 'x', settings, topN: 3 });
    expect(await settled(id)).toMatchObject({ type: 'error', error: { code: 'missing-file' } });
  });
});
