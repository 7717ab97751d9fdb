// The parameter arithmetic of chapter 8's math section as KaTeX strings, built from the presets and the
// counter in src/llm so that no product or sum in those equations is typed by hand.
import { getPreset, mlpWidth } from '../../llm/config.ts';
import { countParameters } from '../../llm/params.ts';

export type EquationName = 'gpt3-sums' | 'gpt3-total' | 'gpt3-lines' | 'gpt3-mlp-line' | 'gpt3-matrices' | 'gpt2-full' | 'gpt3-bytes';

/** 175181291520 -> "175{,}181{,}291{,}520": KaTeX's thin-space-free thousands separator. */
function tex(n: number): string {
  return n.toLocaleString('en-US').replaceAll(',', '{,}');
}

/** Every equation by name; each is a chain whose sides the content test evaluates and compares. */
export function paramEquations(): Record<EquationName, string> {
  const g3 = getPreset('gpt3');
  const { vocab_size: V, n_embd: C, n_layer: L, n_head: H } = g3;
  const F = mlpWidth(g3);
  const c3 = countParameters(g3);
  const blocks = 12 * L * C * C;
  const ends = 2 * V * C;
  if (blocks + ends !== c3.weightsOnly) throw new Error('paramEquations: 12LC^2 + 2VC disagrees with the counter');
  const g2 = getPreset('gpt2');
  const c2 = countParameters(g2);
  const gpt2Sum = 12 * g2.n_layer * g2.n_embd ** 2 + g2.vocab_size * g2.n_embd + g2.n_layer * 13 * g2.n_embd + 2 * g2.n_embd + g2.n_positions * g2.n_embd;
  if (!g2.tie_word_embeddings || gpt2Sum !== c2.total) throw new Error('paramEquations: the GPT-2 sum disagrees with the counter');
  return {
    'gpt3-sums': `12 \\times ${L} \\times ${tex(C)}^2 = ${tex(blocks)}, \\qquad 2 \\times ${tex(V)} \\times ${tex(C)} = ${tex(ends)},`,
    'gpt3-total': `${tex(blocks)} + ${tex(ends)} = ${tex(c3.weightsOnly)}.`,
    'gpt3-lines': `${tex(V)} \\times ${tex(C)} = ${tex(c3.breakdown.tokenEmbedding)}, \\qquad ${L} \\times ${tex(C)} \\times ${tex(C)} = ${tex(c3.breakdown.query)},`,
    'gpt3-mlp-line': `${L} \\times ${tex(C)} \\times ${tex(F)} = ${tex(c3.breakdown.mlpUp)},`,
    'gpt3-matrices': `2 + L\\,(3H + 3) = 2 + ${L} \\times ${3 * H + 3} = ${tex(c3.weightsOnlyMatrices)}.`,
    'gpt2-full': `12 \\times ${g2.n_layer} \\times ${g2.n_embd}^2 + ${tex(g2.vocab_size)} \\times ${g2.n_embd} + ${g2.n_layer} \\times 13 \\times ${g2.n_embd} + 2 \\times ${g2.n_embd} + ${tex(g2.n_positions)} \\times ${g2.n_embd}\n= ${tex(c2.total)}.`,
    'gpt3-bytes': `${tex(c3.weightsOnly)} \\times 2 = ${tex(c3.weightsOnly * 2)}`,
  };
}
