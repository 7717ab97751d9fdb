// The trainer worker's helper threads (gradient.worker.ts), each a GradientHelper for TrainingRun.trainStepWith.
// A helper that fails or crashes fails its pending and later requests with a message; closing one fails them too,
// so a run waiting on a step never hangs after Reset.
import type { FromHelper, HelperSetup, ToHelper } from './protocol.ts';
import type { GradientHelper } from './run.ts';

class ThreadHelper implements GradientHelper {
  private readonly worker = new Worker(new URL('./gradient.worker.ts', import.meta.url), { type: 'module' });
  private readonly waiting = new Map<number, { resolve(m: FromHelper): void; reject(e: Error): void }>();
  private nextId = 1; // 0 is init's
  private failure: Error | null = null;

  constructor() {
    this.worker.onmessage = (e: MessageEvent<FromHelper>) => {
      const m = e.data;
      if (m.type === 'error') return this.fail(new Error(`A training thread failed: ${m.message.replace(/\.$/, '')}. Reset and train again.`));
      const id = m.type === 'ready' ? 0 : m.id;
      this.waiting.get(id)?.resolve(m);
      this.waiting.delete(id);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.fail(new Error(`A training thread stopped unexpectedly${e.message ? ` (${e.message})` : ''}. Reset and train again.`));
    };
    this.worker.onmessageerror = () => this.fail(new Error('A training thread sent a message that could not be read. Reset and train again.'));
  }

  init(setup: HelperSetup): Promise<unknown> {
    return this.ask(0, { type: 'init', ...setup, train: setup.train.slice() });
  }

  async gradients(params: Float32Array, offsets: number[], share: number) {
    const id = this.nextId++;
    const reply = await this.ask(id, { type: 'gradients', id, params, offsets, share });
    if (reply.type !== 'gradients') throw new Error(`A training thread answered "${reply.type}" to a gradient request.`);
    return { lossSum: reply.lossSum, grads: reply.grads };
  }

  close(): void {
    this.worker.terminate();
    this.fail(new Error('The training threads were stopped.'));
  }

  private ask(id: number, message: ToHelper): Promise<FromHelper> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(message); // copies the parameters now: the caller may change them afterwards
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.waiting.values()) reject(this.failure);
    this.waiting.clear();
  }
}

/** `count` helper threads, each initialised with its own backend and a copy of the training tokens. */
export async function startHelpers(count: number, setup: HelperSetup): Promise<{ helpers: GradientHelper[]; close(): void }> {
  const threads = Array.from({ length: count }, () => new ThreadHelper());
  const close = () => threads.forEach((t) => t.close());
  try {
    await Promise.all(threads.map((t) => t.init(setup)));
  } catch (err) {
    close();
    throw err;
  }
  return { helpers: threads, close };
}
