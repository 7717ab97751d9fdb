// The benchmark sections `npm run bench` runs, in order. Each section is a module under
// scripts/bench/ that exports `title` and `run(options) -> markdown`. To add one, add one line.

export interface BenchOptions {
  quick: boolean; // fewer repetitions and sizes (for a smoke run)
  log: (line: string) => void; // progress notes (stderr)
}

export interface BenchSection {
  title: string;
  run(options: BenchOptions): Promise<string>; // a markdown report: tables and notes
}

export const sections: Record<string, () => Promise<BenchSection>> = {
  engine: () => import('./engine.ts'),
  tokenizer: () => import('./tokenizer.ts'),
  widget: () => import('./widget.ts'),
  'tokens-lab': () => import('./tokens-lab.ts'),
  'train-browser': () => import('./train-browser.ts'),
  embeddings: () => import('./embeddings.ts'),
  inspect: () => import('./inspect.ts'),
};
