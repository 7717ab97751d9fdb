// A helper thread of the tab trainer: its own TF.js backend computing the gradients of its part of each batch,
// as the CLI's worker threads do (scripts/lib/train-worker.ts). The trainer worker sends the parameters with
// each part and adds the gradients that come back; schedules, clipping and AdamW stay there.
import { initBackend } from '../../llm/backend.ts';
import '../../llm/gradients.ts'; // registers the training gradients (once, on import)
import { gradientStep } from '../../llm/train.ts';
import type { FromHelper, HelperSetup, ToHelper } from './protocol.ts';

let setup: Pick<HelperSetup, 'config' | 'train' | 'T'> | null = null;

const post = (m: FromHelper, transfer: Transferable[] = []) => postMessage(m, transfer);

self.onmessage = async (event: MessageEvent<ToHelper>) => {
  const m = event.data;
  try {
    if (m.type === 'init') {
      // One XNNPACK thread: the parallelism is one batch part per helper, and more threads would fight over cores.
      await initBackend({ wasmPaths: m.wasmPaths, override: m.backend, wasmThreads: 1 });
      setup = { config: m.config, train: m.train, T: m.T };
      post({ type: 'ready' });
      return;
    }
    if (!setup) throw new Error('asked for gradients before init');
    const grads = new Float32Array(m.params.length);
    const lossSum = gradientStep(setup.config, m.params, setup.train, m.offsets, m.share, grads, { T: setup.T, training: false, dropout: 0, seed: 0 });
    post({ type: 'gradients', id: m.id, lossSum, grads }, [grads.buffer]);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
