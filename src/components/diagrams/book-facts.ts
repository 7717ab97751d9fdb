// Facts about the book's own model, computed from its preset so that the chapters never type them by
// hand: if the preset changes (vocabulary, width, depth ...), every sentence that names them follows.
import { BOOK_MODEL, getPreset } from '../../llm/config.ts';
import { countParameters, formatCount } from '../../llm/params.ts';

export const BOOK_PRESET = BOOK_MODEL;

export type BookFactName =
  | 'vocab'
  | 'width'
  | 'layers'
  | 'heads'
  | 'headWidth'
  | 'context'
  | 'embeddingShare'
  | 'blocksShare'
  | 'fp32MB'
  | 'fp16MB'
  | 'uniformLoss';

/** Every fact as the page prints it ("2,048", "128", "24%", "4.3"). */
export function bookFacts(preset: string = BOOK_PRESET): Record<BookFactName, string> {
  const c = getPreset(preset);
  const counts = countParameters(c);
  const b = counts.breakdown;
  const blocks = b.query + b.key + b.value + b.attentionOutput + b.mlpUp + b.mlpDown + b.biases + b.layerNorms - 2 * c.n_embd; // minus the final layer norm
  const percent = (n: number) => `${Math.round((100 * n) / counts.total)}%`;
  return {
    vocab: formatCount(c.vocab_size),
    width: formatCount(c.n_embd),
    layers: formatCount(c.n_layer),
    heads: formatCount(c.n_head),
    headWidth: formatCount(c.n_embd / c.n_head),
    context: formatCount(c.n_positions),
    embeddingShare: percent(b.tokenEmbedding),
    blocksShare: percent(blocks),
    fp32MB: ((counts.total * 4) / 1e6).toFixed(1),
    fp16MB: ((counts.total * 2) / 1e6).toFixed(1),
    uniformLoss: Math.log(c.vocab_size).toFixed(2), // ln V: the loss of an even spread over the vocabulary
  };
}
