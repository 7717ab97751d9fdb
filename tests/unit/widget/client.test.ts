import { describe, expect, test } from 'vitest';
import { ModelClient, type WorkerPort } from '../../../src/worker/client.ts';
import type { FromWorker, ToWorker } from '../../../src/worker/protocol.ts';

/** A worker stand-in: records what the client sends and lets the test answer. */
class FakeWorker implements WorkerPort {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent | Event) => void) | null = null;
  postMessage(message: ToWorker) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  reply(message: FromWorker) {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
  lastCallId(): number {
    const call = this.sent.filter((m) => m.type === 'call').at(-1);
    if (!call) throw new Error('no call sent');
    return call.id;
  }
}

const settings = { temperature: 1, topK: null, topP: 1 };

describe('ModelClient', () => {
  test('numbers requests and routes each answer to its caller', async () => {
    const worker = new FakeWorker();
    const client = new ModelClient(worker);
    const a = client.call('sample', { model: 'm', text: 'a', settings, seed: 1 });
    const b = client.call('sample', { model: 'm', text: 'b', settings, seed: 1 });
    const [first, second] = worker.sent;
    expect(first).toMatchObject({ type: 'call', call: 'sample', params: { text: 'a' } });
    expect(second.id).not.toBe(first.id);
    const token = (id: number) => ({ token: { id, text: 'x', display: 'x' }, probability: 0.5 });
    worker.reply({ type: 'done', id: second.id, result: token(2) });
    worker.reply({ type: 'done', id: first.id, result: token(1) });
    expect(await a).toEqual({ ok: true, value: token(1) });
    expect(await b).toEqual({ ok: true, value: token(2) });
    expect(client.inFlight).toBe(0);
  });

  test('streams items and progress before the result', async () => {
    const worker = new FakeWorker();
    const client = new ModelClient(worker);
    const items: number[] = [];
    const progress: number[] = [];
    const done = client.call(
      'generate',
      { model: 'm', text: 'a', settings, seed: 1, maxNewTokens: 2, topN: 3 },
      { onStream: (item) => items.push(...item.steps.map((s) => s.token.id)), onProgress: (p) => progress.push(p.loaded) },
    );
    const id = worker.lastCallId();
    worker.reply({ type: 'progress', id, progress: { loaded: 10, total: 20 } });
    for (const tokenId of [7, 8]) {
      worker.reply({ type: 'stream', id, item: { steps: [{ token: { id: tokenId, text: 'x', display: 'x' }, probability: 1 }], candidates: [], backend: 'wasm', textSoFar: 'x' } });
    }
    worker.reply({ type: 'done', id, result: { tokens: [], text: 'xx', backend: { name: 'wasm', detail: 'SIMD' } } });
    const out = await done;
    expect(out.ok).toBe(true);
    expect(items).toEqual([7, 8]);
    expect(progress).toEqual([10]);
  });

  test('errors arrive as values', async () => {
    const worker = new FakeWorker();
    const client = new ModelClient(worker);
    const done = client.call('load', { model: 'nope', backend: null });
    const error = { code: 'missing-file' as const, message: 'A model file is missing.', retryable: true };
    worker.reply({ type: 'error', id: worker.lastCallId(), error });
    expect(await done).toEqual({ ok: false, error });
  });

  test('aborting sends a cancel, settles at once, and ignores the late answer', async () => {
    const worker = new FakeWorker();
    const client = new ModelClient(worker);
    const controller = new AbortController();
    const streamed: number[] = [];
    const done = client.call('generate', { model: 'm', text: 'a', settings, seed: 1, maxNewTokens: 5, topN: 3 }, { signal: controller.signal, onStream: (i) => streamed.push(...i.steps.map((s) => s.token.id)) });
    const id = worker.lastCallId();
    controller.abort();
    expect(worker.sent.at(-1)).toEqual({ type: 'cancel', id });
    expect(await done).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    worker.reply({ type: 'stream', id, item: { steps: [{ token: { id: 1, text: 'x', display: 'x' }, probability: 1 }], candidates: [], backend: 'wasm', textSoFar: 'x' } });
    worker.reply({ type: 'done', id, result: null });
    expect(streamed).toEqual([]);
    expect(client.inFlight).toBe(0);
  });

  test('an already aborted signal never reaches the worker', async () => {
    const worker = new FakeWorker();
    const client = new ModelClient(worker);
    const controller = new AbortController();
    controller.abort();
    expect(await client.call('predict', { model: 'm', text: 'a', settings, topN: 3 }, { signal: controller.signal })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(worker.sent).toEqual([]);
  });

  test('a crashed worker fails every pending call and is replaced', async () => {
    const worker = new FakeWorker();
    let crashed = 0;
    const client = new ModelClient(worker, () => crashed++);
    const a = client.call('predict', { model: 'm', text: 'a', settings, topN: 3 });
    const b = client.call('predict', { model: 'm', text: 'b', settings, topN: 3 });
    worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
    for (const out of await Promise.all([a, b])) {
      expect(out).toMatchObject({ ok: false, error: { code: 'internal', retryable: true } });
      if (!out.ok) expect(out.error.message).toContain('out of memory');
    }
    expect(worker.terminated).toBe(true);
    expect(crashed).toBe(1);
  });
});
