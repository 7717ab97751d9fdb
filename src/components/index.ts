// The components the book's pages use, in one place: MDX imports them from here
//   import { LiveCode, Predict } from '../../../components/index.ts';
// Every entry is an .astro component. Build-time ones render to plain HTML; an island's .astro wrapper renders
// it at build time (with a real result where it needs the model: src/precompute/) and hydrates it when it
// scrolls into view, so MDX never writes client:visible itself. A chapter's own figures (diagrams/Ch01...) are
// imported by that chapter directly.

// Build time only: numbers from src/llm and the training record, code, the glossary.
export { default as BookFact } from './diagrams/BookFact.astro';
export { default as RunFact } from './diagrams/RunFact.astro';
export { default as ParamCount } from './ParamCount.astro';
export { default as ParamTable } from './ParamTable.astro';
export { default as ParamMath } from './param-math/ParamMath.astro';
export { default as LiveCode } from './LiveCode.astro';
export { default as Guess } from './guess/Guess.astro';
export { default as GlossaryAZ } from './glossary/GlossaryAZ.astro';
export { default as GlossaryPopover } from './glossary/GlossaryPopover.astro';

// Islands, in chapter order.
export { default as Predict } from './predict/Predict.astro';
export { default as SoftmaxExplorer } from './SoftmaxExplorer.astro';
export { default as TokenizerLab } from './tokens/TokenizerLab.astro';
export { default as WatchBpe } from './tokens/WatchBpe.astro';
export { default as Embeddings } from './embeddings/Embeddings.astro';
export { default as Attention } from './inspect/Attention.astro';
export { default as Knockouts } from './inspect/Knockouts.astro';
export { default as LogitLens } from './inspect/LogitLens.astro';
export { default as SandFigure } from './sand/SandFigure.astro';
export { default as Trainer } from './trainer/Trainer.astro';
export { default as ParamCalc } from './params/ParamCalc.astro';
