// `npm run llm -- inspect`: look inside one forward pass, as chapters 4 to 6 do on the page:
// every head's attention, the logit lens (top tokens after the embedding and after each block),
// residual and update norms, and the effect of knock-outs. The e2e tests compare the pages with it.

import { inspect, type Inspection } from '../../src/llm/inspect.ts';
import { formatKnockouts, klDivergence, parseKnockouts, type Knockouts } from '../../src/llm/knockout.ts';
import { samplingDistribution } from '../../src/llm/sample.ts';
import type { Tokenizer } from '../../src/llm/tokenizer/tokenizer.ts';
import { loadModelArg, numberFlag } from './model-cli.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- inspect --model DIR --text T [--knockouts L1H2,L2MLP,L3] [--layer N --head N] [--top N] [--json] [--backend wasm|cpu]

  Tokenizes T (keeping the last n_positions tokens, as the pages do) and runs one inspection pass.
  Prints the top tokens after the embedding and after each block (the logit lens), the residual
  stream's length and what each block's attention and MLP add (at the last position), and the
  attention weights of one head (--layer/--head, numbered from 1; default 1, 1).
  --knockouts switches parts off (numbered from 1): L2H3 is head 3 of layer 2, L2MLP its MLP,
  L2 the whole block; the next-token distribution before and after is compared (KL in nats).
  --json prints one JSON object: tokens, dropped, attention [L][H][T][T], lens, norms, next, effect.`;

interface Ranked {
  id: number;
  text: string;
  probability: number;
}

function probabilities(tokenizer: Tokenizer, logits: Float32Array): Float64Array {
  return samplingDistribution(logits.subarray(0, Math.min(logits.length, tokenizer.vocabSize)));
}

function top(tokenizer: Tokenizer, probs: Float64Array, n: number): Ranked[] {
  const ids = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b).slice(0, n);
  return ids.map((id) => ({ id, text: tokenizer.decode([id]), probability: probs[id] }));
}

/** [L, H, T, T] as nested arrays. */
function nested(view: Inspection): number[][][][] {
  const [L, H, T] = view.attention.shape;
  const at = (l: number, h: number, i: number) => Array.from(view.attention.data.subarray(((l * H + h) * T + i) * T, ((l * H + h) * T + i + 1) * T));
  return Array.from({ length: L }, (_, l) => Array.from({ length: H }, (_, h) => Array.from({ length: T }, (_, i) => at(l, h, i))));
}

function headFlag(args: ReturnType<typeof parseArgs>, name: string, max: number): number {
  const n = numberFlag(args, name, true) ?? 1;
  if (n < 1 || n > max) throw new UsageError(`--${name} must be from 1 to ${max}; got ${n}.`);
  return n - 1;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['model', 'text', 'knockouts', 'layer', 'head', 'top', 'backend'], booleans: ['json', 'help'] });
    if (args.flags.has('help')) return (process.stdout.write(`${usage}\n`), 0);
    if (args.positional.length > 0) throw new UsageError(`Unexpected argument "${args.positional[0]}".`);
    const text = single(args, 'text');
    if (!text) throw new UsageError('--text is required and must not be empty.');
    let knockouts: Knockouts;
    try {
      knockouts = parseKnockouts(single(args, 'knockouts') ?? '');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const n = numberFlag(args, 'top', true) ?? 5;
    const model = await loadModelArg(args);
    const tokenizer = model.tokenizer;
    if (!tokenizer) throw new UsageError('The model folder has no tokenizer.json; inspect needs one to read --text.');
    const layer = headFlag(args, 'layer', model.config.n_layer);
    const head = headFlag(args, 'head', model.config.n_head);
    const all = tokenizer.encode(text);
    const dropped = Math.max(0, all.length - model.config.n_positions);
    const ids = all.slice(dropped);
    const view = await inspect(model, ids, { knockouts });
    const V = view.lens.shape[1];
    const after = probabilities(tokenizer, view.logits);
    const before = formatKnockouts(knockouts) ? probabilities(tokenizer, (await inspect(model, ids)).logits) : after;
    const topId = top(tokenizer, before, 1)[0].id;
    const result = {
      tokens: ids.map((id) => ({ id, text: tokenizer.decode([id]) })),
      dropped,
      knockouts: formatKnockouts(knockouts),
      attention: nested(view),
      lens: Array.from({ length: model.config.n_layer + 1 }, (_, l) => top(tokenizer, probabilities(tokenizer, view.lens.data.subarray(l * V, (l + 1) * V)), n)),
      residualNorms: view.residualNorms,
      attentionNorms: view.attentionNorms,
      mlpNorms: view.mlpNorms,
      next: top(tokenizer, after, n),
      effect: before === after ? null : { top: { id: topId, text: tokenizer.decode([topId]) }, topBefore: before[topId], topAfter: after[topId], kl: klDivergence(before, after), before: top(tokenizer, before, n) },
    };
    if (args.flags.has('json')) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
    const q = (s: string) => JSON.stringify(s);
    process.stdout.write(`${ids.length} tokens${dropped ? ` (${dropped} dropped from the start)` : ''}: ${result.tokens.map((t) => q(t.text)).join(' ')}\n`);
    if (result.knockouts) process.stdout.write(`knocked out: ${result.knockouts}\n`);
    process.stdout.write('\nlogit lens (last position)   |residual|  +attention  +MLP\n');
    result.lens.forEach((row, l) => {
      const norms = l === 0 ? '' : `  ${view.attentionNorms[l - 1].toFixed(2)}  ${view.mlpNorms[l - 1].toFixed(2)}`;
      process.stdout.write(`${l === 0 ? 'embedding' : `block ${l}`}: ${row.map((t) => `${q(t.text)} ${pct(t.probability)}`).join(', ')}  |${view.residualNorms[l].toFixed(2)}|${norms}\n`);
    });
    if (result.effect) {
      const e = result.effect;
      process.stdout.write(`\ntop token ${q(e.top.text)}: ${pct(e.topBefore)} -> ${pct(e.topAfter)}; KL(before || after) = ${e.kl.toFixed(4)} nats\n`);
    }
    process.stdout.write(`\nattention, layer ${layer + 1}, head ${head + 1} (rows: queries, columns: keys)\n`);
    result.attention[layer][head].forEach((row, i) => {
      process.stdout.write(`${q(result.tokens[i].text).padEnd(14)} ${row.slice(0, i + 1).map((w) => w.toFixed(2)).join(' ')}\n`);
    });
    return 0;
  });
}
