import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { execute } from '../../../src/components/live/execute.ts';
import type { FromWorker, ToWorker } from '../../../src/components/live/protocol.ts';
import { LiveRunner, type RunEvent, type WorkerPort } from '../../../src/components/live/runner.ts';

/** A worker whose replies the test scripts by hand. */
class FakeWorker implements WorkerPort {
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: ToWorker[] = [];
  terminated = false;
  postMessage(message: ToWorker): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: FromWorker | unknown): void {
    this.onmessage?.({ data: message } as MessageEvent<unknown>);
  }
  get lastId(): number {
    return this.received.at(-1)!.id;
  }
}

/** A worker that really runs the code (in this thread, so only for code that ends). */
class InProcessWorker extends FakeWorker {
  override postMessage(message: ToWorker): void {
    super.postMessage(message);
    setTimeout(() => void execute(message.id, message.source, { globals: {}, backend: 'none' }, (m) => this.reply(m)), 0);
  }
}

let workers: FakeWorker[];
const fake = () => {
  const w = new FakeWorker();
  workers.push(w);
  return w;
};

beforeEach(() => {
  workers = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveRunner', () => {
  test('a run posts the source, relays output and resolves with the value', async () => {
    const events: RunEvent[] = [];
    const runner = new LiveRunner(() => new InProcessWorker());
    const outcome = await runner.run('console.log("hi");\n1 + 1', { timeoutMs: 5000, onEvent: (e) => events.push(e) });
    expect(outcome).toMatchObject({ status: 'done', value: '2' });
    expect(events).toEqual([
      { kind: 'started', backend: 'none' },
      { kind: 'log', level: 'log', text: 'hi' },
    ]);
    expect(runner.running).toBe(false);
  });

  test('the worker is kept between runs that finish', async () => {
    let created = 0;
    const runner = new LiveRunner(() => (created++, new InProcessWorker()));
    await runner.run('1', { timeoutMs: 1000 });
    await runner.run('2', { timeoutMs: 1000 });
    expect(created).toBe(1);
  });

  test('a run over its limit terminates the worker, and the next run gets a new one', async () => {
    vi.useFakeTimers();
    const runner = new LiveRunner(fake);
    const outcome = runner.run('while (true) {}', { timeoutMs: 5000 });
    workers[0].reply({ type: 'started', id: workers[0].lastId, backend: 'wasm' });
    await vi.advanceTimersByTimeAsync(4999);
    expect(workers[0].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toEqual({ status: 'timeout', limitMs: 5000 });
    expect(workers[0].terminated).toBe(true);
    void runner.run('1', { timeoutMs: 5000, backend: 'cpu' });
    expect(workers).toHaveLength(2);
    expect(workers[1].received[0]).toEqual({ type: 'run', id: expect.any(Number), source: '1', backend: 'cpu', models: [], chosen: null });
  });

  test('the clock starts when the code starts, not while TF.js boots', async () => {
    vi.useFakeTimers();
    const runner = new LiveRunner(fake);
    const outcome = runner.run('x', { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(3000); // booting
    const id = workers[0].lastId;
    workers[0].reply({ type: 'started', id, backend: 'wasm' });
    await vi.advanceTimersByTimeAsync(900);
    workers[0].reply({ type: 'done', id, value: '1', elapsedMs: 900 });
    expect(await outcome).toMatchObject({ status: 'done', value: '1' });
  });

  test('model downloads pause the clock', async () => {
    vi.useFakeTimers();
    const runner = new LiveRunner(fake);
    const outcome = runner.run('await book.loadModel()', { timeoutMs: 1000 });
    const id = workers[0].lastId;
    workers[0].reply({ type: 'started', id, backend: 'wasm' });
    await vi.advanceTimersByTimeAsync(600);
    workers[0].reply({ type: 'clock', id, running: false });
    await vi.advanceTimersByTimeAsync(10_000);
    workers[0].reply({ type: 'clock', id, running: true });
    await vi.advanceTimersByTimeAsync(399);
    workers[0].reply({ type: 'done', id, elapsedMs: 11_000 });
    expect(await outcome).toMatchObject({ status: 'done' });

    const second = runner.run('again', { timeoutMs: 1000 });
    const id2 = workers[0].lastId;
    workers[0].reply({ type: 'started', id: id2, backend: 'wasm' });
    await vi.advanceTimersByTimeAsync(600);
    workers[0].reply({ type: 'clock', id: id2, running: false });
    workers[0].reply({ type: 'clock', id: id2, running: true });
    await vi.advanceTimersByTimeAsync(400); // 600 + 400 = the whole limit
    expect(await second).toEqual({ status: 'timeout', limitMs: 1000 });
  });

  test('a worker that never starts is reported and replaced', async () => {
    vi.useFakeTimers();
    const runner = new LiveRunner(fake, { bootTimeoutMs: 2000 });
    const outcome = runner.run('1', { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(await outcome).toEqual({ status: 'crashed', message: 'The code runner did not start within 2 s.' });
    expect(workers[0].terminated).toBe(true);
  });

  test('a worker that dies (out of memory, failed to load) ends the run with a message', async () => {
    const runner = new LiveRunner(fake);
    const outcome = runner.run('1', { timeoutMs: 1000 });
    workers[0].onerror?.({ message: 'Out of memory', preventDefault() {} } as unknown as ErrorEvent);
    expect(await outcome).toEqual({ status: 'crashed', message: 'The code runner stopped unexpectedly: Out of memory.' });
    expect(workers[0].terminated).toBe(true);
  });

  test('stop() ends the run at once, and a new run stops the one before it', async () => {
    const runner = new LiveRunner(fake);
    const first = runner.run('while (true) {}', { timeoutMs: 60_000 });
    const second = runner.run('1', { timeoutMs: 60_000 });
    expect(await first).toEqual({ status: 'stopped' });
    expect(workers[0].terminated).toBe(true);
    runner.stop();
    expect(await second).toEqual({ status: 'stopped' });
    expect(workers[1].terminated).toBe(true);
  });

  test('messages for other runs, or that are not protocol messages, are ignored', async () => {
    const runner = new LiveRunner(fake);
    const events: RunEvent[] = [];
    const outcome = runner.run('1', { timeoutMs: 1000, onEvent: (e) => events.push(e) });
    const id = workers[0].lastId;
    workers[0].reply({ type: 'log', id: id + 1, level: 'log', text: 'not mine' });
    workers[0].reply('a string posted by reader code');
    workers[0].reply({ type: 'done' });
    workers[0].reply({ type: 'done', id, value: '1', elapsedMs: 1 });
    expect(await outcome).toMatchObject({ status: 'done', value: '1' });
    expect(events).toEqual([]);
  });

  test('an error that surfaces after the run ended still reaches the block', async () => {
    const runner = new LiveRunner(fake);
    const events: RunEvent[] = [];
    const outcome = runner.run('Promise.reject(1)', { timeoutMs: 1000, onEvent: (e) => events.push(e) });
    const id = workers[0].lastId;
    workers[0].reply({ type: 'done', id, elapsedMs: 1 });
    await outcome;
    workers[0].reply({ type: 'late', id, error: { name: 'Uncaught', message: '1' } });
    expect(events).toEqual([{ kind: 'late', error: { name: 'Uncaught', message: '1' } }]);
  });
});
