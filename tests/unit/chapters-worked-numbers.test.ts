// The worked numbers in chapters 1-5 are recomputed here from plain, obviously-correct code and looked up in the
// chapter text, so an edit to either side that makes them disagree fails the build of trust.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decode, encode } from 'gpt-tokenizer/encoding/r50k_base';
import { softmax } from '../../src/llm/sample.ts';
import { getPreset, mlpWidth } from '../../src/llm/config.ts';
import { countParameters } from '../../src/llm/params.ts';

const chapter = (file: string) => readFileSync(new URL(`../../src/content/docs/chapters/${file}`, import.meta.url), 'utf8');
const fixed = (n: number, digits = 4) => n.toFixed(digits);
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const matMul = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => dot(row, b.map((r) => r[j]))));
const transpose = (a: number[][]) => a[0].map((_, j) => a.map((r) => r[j]));

describe('chapter 1: the big picture', () => {
  const text = chapter('01-the-big-picture.mdx');
  test('the two-step continuation probability', () => {
    expect(text).toContain(`0.41 \\times 0.62 = ${0.41 * 0.62}`);
  });

  test('the neuron: a weighted sum plus bias, then the bend that zeroes negatives', () => {
    const neuron = (x: number[]) => Math.max(0, dot([0.5, -1], x) + 1);
    const sum = (x: number[]) => dot([0.5, -1], x) + 1;
    expect(text).toContain(`$0.5 \\times 2 + (-1) \\times 3 + 1 = ${sum([2, 3])}$`);
    expect(neuron([2, 3])).toBe(0);
    expect(text).toContain('turns that into 0: this\nneuron stays silent');
    expect(text).toContain(`$0.5 \\times 4 + (-1) \\times 1 + 1 = ${sum([4, 1])}$`);
    expect(text).toContain(`the neuron passes ${neuron([4, 1])} on`);
  });
});

describe('chapter 8: memory', () => {
  const text = chapter('08-counting-parameters.mdx');
  const gpt3 = countParameters(getPreset('gpt3')).weightsOnly;
  test('the rounded memory figures follow from the counts', () => {
    expect(text).toContain(`needs about ${Math.round((gpt3 * 2) / 1e9)} GB just to`);
    expect(text).toContain(`or ${Math.round((gpt3 * 2) / 2 ** 30)} GiB`);
    expect(text).toContain(`or about ${((gpt3 * 16) / 1e12).toFixed(1)} TB for GPT-3`);
    expect(text).toContain(`8 billion parameters needs ${(8e9 * 2) / 1e9} GB in 16-bit`);
    expect(text).toContain(`it needs about ${(8e9 * 0.5) / 1e9} GB, which`);
    expect(2 ** 4).toBe(16);
    expect(text).toContain('one of only 16 levels');
  });
});

describe('chapter 2: the math you need', () => {
  const text = chapter('02-the-math-you-need.mdx');

  test('shows the softmax function exactly as src/llm/sample.ts has it', () => {
    const source = readFileSync(new URL('../../src/llm/sample.ts', import.meta.url), 'utf8');
    const fromSource = source.slice(source.indexOf('/** Softmax')).trim();
    const block = /```ts\n([\s\S]*?)```/.exec(text);
    expect(block).not.toBeNull();
    expect(block![1].trim()).toBe(fromSource);
  });

  test('softmax table matches the code at every temperature', () => {
    for (const t of [0, 0.5, 1, 2]) {
      const row = `| ${t} | ${softmax([2, 1, 0.1], t).map((p) => fixed(p)).join(' | ')} |`;
      expect(text).toContain(row);
    }
  });

  test('dot products, lengths and cosine similarities of the toy word vectors', () => {
    const cat = [0.9, 0.8, 0.1];
    const dog = [0.8, 0.9, 0.2];
    const car = [0.1, 0.2, 0.9]; // the same vectors as src/examples/dot-product.ts
    expect(text).toContain(`= ${+dot(cat, dog).toFixed(10)}$`);
    expect(text).toContain(`= ${+dot(cat, car).toFixed(10)}$`);
    expect(text).toContain(`= ${+dot(dog, car).toFixed(10)}$`);
    for (const v of [cat, dog, car]) expect(text).toContain(`| ${fixed(norm(v))} |`);
    const cos = (a: number[], b: number[]) => dot(a, b) / norm(a) / norm(b);
    expect(text).toContain(`\\approx ${fixed(cos(cat, dog))}$`);
    expect(text).toContain(`\\approx ${fixed(cos(cat, car))}$`);
    expect(text).toContain(`\\approx ${fixed(cos(dog, car))}$`);
    const degrees = (a: number[], b: number[]) => Math.round((Math.acos(cos(a, b)) * 180) / Math.PI);
    expect(text).toContain(`about ${degrees(cat, dog)}°`);
    expect(text).toContain(`about ${degrees(cat, car)}°`);
  });

  test('the matrix product example and the GPT-3 batching count', () => {
    const product = matMul([[3, 1, 2], [1, 0, 1]], [[1, 0], [0, 1], [2, -1]]);
    expect(product).toEqual([[7, -1], [3, -1]]);
    expect(text).toContain('= (7, -1)');
    expect(text).toContain('= (3, -1)');
    expect(text).toContain((2048 * 12288 * 12288).toLocaleString('en-US').replaceAll(',', '{,}'));
  });
});


/** Textbook BPE on whitespace-split words: merge the most frequent neighbouring pair; stop when none occurs twice. */
function learnBpe(text: string) {
  const counts = new Map<string, number>();
  for (const w of text.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
  const pieces = new Map([...counts.keys()].map((w) => [w, [...w]]));
  const merges: { pair: string; count: number }[] = [];
  for (;;) {
    const pairs = new Map<string, number>();
    for (const [w, c] of counts) {
      const p = pieces.get(w)!;
      for (let i = 0; i + 1 < p.length; i++) pairs.set(`${p[i]} ${p[i + 1]}`, (pairs.get(`${p[i]} ${p[i + 1]}`) ?? 0) + c);
    }
    const ranked = [...pairs].sort((a, b) => b[1] - a[1]);
    if (ranked.length === 0 || ranked[0][1] < 2) break;
    expect(ranked[1]?.[1] ?? 0, `merge ${merges.length + 1} must not be a tie`).toBeLessThan(ranked[0][1]);
    merges.push({ pair: ranked[0][0], count: ranked[0][1] });
    for (const w of counts.keys()) pieces.set(w, applyMerge(pieces.get(w)!, ranked[0][0]));
  }
  return { counts, pieces, merges };
}

function applyMerge(p: string[], pair: string): string[] {
  const [a, b] = pair.split(' ');
  const out: string[] = [];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === a && p[i + 1] === b) {
      out.push(a + b);
      i++;
    } else out.push(p[i]);
  }
  return out;
}

describe('chapter 3: from text to vectors', () => {
  const text = chapter('03-text-to-vectors.mdx');
  const toy = 'the cat sat on the mat the cat ate that hat';

  test('the hand-worked BPE merges, counts and final tokens', () => {
    expect(text).toContain(`> ${toy}`);
    const { counts, pieces, merges } = learnBpe(toy);
    expect(merges.map((m) => m.pair.replace(' ', ''))).toEqual(['at', 'th', 'the', 'cat']);
    expect(text).toContain(`${merges.length} merges (at, th, the, cat) in that order, with winning counts ${merges
      .map((m) => m.count)
      .slice(0, -1)
      .join(', ')} and ${merges.at(-1)!.count}`);
    const letters = toy.replaceAll(' ', '').length;
    const tokens = [...counts].reduce((s, [w, c]) => s + c * pieces.get(w)!.length, 0);
    const vocab = new Set(toy.replaceAll(' ', '')).size + merges.length;
    expect(text).toContain(`${letters} letters, ${merges.length} merges`);
    expect(text).toContain(`leaving ${tokens} tokens and a ${vocab}-token vocabulary`);
    for (const [w, c] of counts) expect(text).toContain(`| ${w} | ${c} | ${pieces.get(w)!.join(' · ')} |`);
    const encodeToy = (word: string) => merges.reduce((p, m) => applyMerge(p, m.pair), [...word]).join(' · ');
    expect(text).toContain(`**${encodeToy('chat')}**`);
    expect(text).toContain(`**${encodeToy('theme')}**`);
  });

  test("GPT-2's token ids quoted in the text", () => {
    expect(encode(' dog')).toEqual([3290]);
    expect(encode('dog')).toEqual([9703]);
    expect(encode(' Dog')).toEqual([8532]);
    expect(text).toContain('" dog" is 3290, "dog" is 9703 and " Dog" is 8532');
    expect(encode(' DOG').map((id) => decode([id]))).toEqual([' D', 'OG']);
    expect(encode('12345').map((id) => decode([id]))).toEqual(['123', '45']);
    expect(encode('Tokenization is unbelievably quirky!').map((id) => decode([id]))).toEqual(['Token', 'ization', ' is', ' unbelievably', ' quirky', '!']);
  });

  test('toy ids and the embedding lookup matrix', () => {
    const vocab = ['a', 'c', 'e', 'h', 'm', 'n', 'o', 's', 't', 'at', 'th', 'the', 'cat'];
    const merges = learnBpe(toy).merges.map((m) => m.pair);
    const ids = ['the', 'cat', 'ate'].flatMap((w) => merges.reduce((p, m) => applyMerge(p, m), [...w])).map((t) => vocab.indexOf(t));
    expect(text).toContain(`"the cat ate" becomes the ids $[${ids.join(', ')}]$`);
    const rows = [[0.2, -0.1, 0.5, 0.0], [0.7, 0.3, -0.2, 0.4]];
    const positions = [[0.1, 0.0, 0.0, -0.1], [0.0, 0.1, 0.1, 0.0]];
    const x = rows.map((r, t) => r.map((v, j) => +(v + positions[t][j]).toFixed(1)).map((v) => v.toFixed(1)).join(' & '));
    expect(text).toContain(`\\begin{pmatrix} ${x[0]} \\\\ ${x[1]} \\end{pmatrix}`);
  });
});

/** A 2-D matrix as the chapters write it in KaTeX: rows joined by \\ and entries by &. */
const pmatrix = (m: (number | string)[][]) => `\\begin{pmatrix} ${m.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{pmatrix}`;

describe('chapter 4: attention', () => {
  const text = chapter('04-attention.mdx');
  const X = [[1, 0], [1, 1], [0, 1]];
  const WQ = [[1, 0], [1, 1]];
  const WK = [[1, 1], [0, 1]];
  const WV = [[1, 0], [0, 2]];
  const Q = matMul(X, WQ);
  const K = matMul(X, WK);
  const V = matMul(X, WV);
  const S = matMul(Q, transpose(K));
  const scaled = S.map((r, t) => r.map((s, j) => (j <= t ? s / Math.sqrt(2) : -Infinity)));
  const weights = scaled.map((r) => softmax(r));
  const out = matMul(weights, V);

  test('inputs, projections and raw scores appear as computed', () => {
    for (const m of [X, WQ, WK, WV, Q, K, V, S]) expect(text).toContain(pmatrix(m));
  });

  test('scaled, masked scores, softmax weights and outputs', () => {
    expect(text).toContain(pmatrix(scaled.map((r) => r.map((v) => (v === -Infinity ? '-\\infty' : fixed(v))))));
    expect(weights[0]).toEqual([1, 0, 0]);
    expect(text).toContain(`weights $${fixed(weights[1][0])}$ and $${fixed(weights[1][1])}$`);
    expect(text).toContain(`weights $${fixed(weights[2][0])}$, $${fixed(weights[2][1])}$ and $${fixed(weights[2][2])}$`);
    const exps = scaled[2].map(Math.exp);
    expect(text).toContain(`total $${fixed(exps.reduce((a, b) => a + b, 0))}$`);
    expect(text).toContain(`total $${fixed(Math.exp(scaled[1][0]) + Math.exp(scaled[1][1]))}$`);
    for (const e of [...exps, Math.exp(scaled[1][1])]) expect(text).toContain(`\\approx ${fixed(e)}$`);
    expect(text).toContain(`= (${fixed(out[1][0])}, ${fixed(out[1][1])})$`);
    expect(text).toContain(`= (${fixed(out[2][0])}, ${fixed(out[2][1])})$`);
    // The story the chapter tells: "model" attends to "fashion" most.
    expect(weights[2].indexOf(Math.max(...weights[2]))).toBe(1);
    // The exercise without the mask: "a" scores "a" and "fashion" equally (a tie the exercise names).
    const unmasked = S[0].map((s) => s / Math.sqrt(2));
    expect(unmasked[0]).toBe(unmasked[1]);
    expect(unmasked[2]).toBeLessThan(unmasked[0]);
    expect(text).toContain('"a" now has a tie for first place');
  });

  test('GPT-3 head sizes and the number of attention scores', () => {
    expect(12288 / 96).toBe(128);
    expect(text).toContain(`$12{,}288 \\times 128 = ${(12288 * 128).toLocaleString('en-US').replaceAll(',', '{,}')}$`);
    expect(text).toContain(`$\\sqrt{128} \\approx ${Math.sqrt(128).toFixed(2)}$`);
    expect(text).toContain(`$2{,}048^2 = ${(2048 ** 2).toLocaleString('en-US').replaceAll(',', '{,}')}$`);
    expect(text).toContain(`compute ${(2048 ** 2 * 96).toLocaleString('en-US')}, and the whole 96-layer model ${(2048 ** 2 * 96 * 96).toLocaleString('en-US')}`);
  });
});

describe('chapter 5: the MLP and the block', () => {
  const text = chapter('05-mlp-and-the-block.mdx');
  const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  const minus = (v: string) => v.replace('-', '−');

  test('GELU table follows the tanh formula (and stays close to the exact x * Phi(x))', () => {
    const xs = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3];
    expect(text).toContain(`| input $x$ | ${xs.map((x) => minus(String(x))).join(' | ')} |`);
    const values = xs.map(gelu);
    expect(text).toContain(`| GELU($x$) | ${values.map((v) => minus(fixed(Math.abs(v) < 5e-5 ? 0 : v))).join(' | ')} |`);
    // Abramowitz-Stegun erf, good to 1.5e-7, as an independent reference for x * Phi(x).
    const erf = (x: number) => {
      const t = 1 / (1 + 0.3275911 * Math.abs(x));
      const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
      return Math.sign(x) * y;
    };
    for (const x of xs) expect(Math.abs(gelu(x) - 0.5 * x * (1 + erf(x / Math.SQRT2)))).toBeLessThan(1e-3);
  });

  test('the tiny MLP, step by step', () => {
    const x = [1, -0.5];
    const up = matMul([x], [[1, -1, 0.5], [2, 1, -1]])[0].map((v, j) => v + [0.5, 0, 0][j]);
    expect(up).toEqual([0.5, -1.5, 1]);
    const hidden = up.map(gelu);
    expect(text).toContain(`GELU: $(${hidden.map((v) => fixed(v)).join(', ')})$`);
    const down = matMul([hidden], [[1, 0], [0, 1], [1, -1]])[0];
    expect(text).toContain(`= (${down.map((v) => fixed(v)).join(', ')})$.`);
    expect(text).toContain(`= (${down.map((v, j) => fixed(v + x[j])).join(', ')})$.`);
  });

  test('layer norm example uses the configured epsilon', () => {
    const eps = getPreset('gpt2').layer_norm_epsilon;
    expect(eps).toBe(1e-5);
    const layerNorm = (v: number[]) => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
      return v.map((a) => (a - mean) / Math.sqrt(variance + eps));
    };
    const out = layerNorm([2, 4, 6, 8]);
    expect(text).toContain(`$(${out.map((v) => fixed(v)).join(', ')})$`);
    expect(layerNorm([20, 40, 60, 80]).map((v) => fixed(v))).toEqual(out.map((v) => fixed(v)));
    expect(text).toContain(`\\sqrt{5 + 10^{-5}} \\approx ${fixed(Math.sqrt(5 + eps))}$`);
  });

  test("GPT-3's per-block MLP figures agree with the parameter counter", () => {
    const config = getPreset('gpt3');
    const { breakdown } = countParameters(config);
    const perBlockUp = breakdown.mlpUp / config.n_layer;
    expect(perBlockUp).toBe(config.n_embd * mlpWidth(config));
    const f = (n: number) => n.toLocaleString('en-US').replaceAll(',', '{,}');
    expect(text).toContain(`$12{,}288 \\times 49{,}152 = ${f(perBlockUp)}$`);
    expect(text).toContain(`$${f(perBlockUp + breakdown.mlpDown / config.n_layer)}$ per block`);
  });
});

describe('chapter 10: the modern picture', () => {
  const text = chapter('10-the-modern-picture.mdx');
  const f = (n: number) => n.toLocaleString('en-US').replaceAll(',', '{,}');
  const gpt3 = getPreset('gpt3');
  /** The KV cache formula of chapter 10: a key and a value per key-value head per block, per token. */
  const kvBytesPerToken = (layers: number, kvWidth: number, bytes: number) => 2 * layers * kvWidth * bytes;

  test("GPT-3's KV cache, from its preset", () => {
    const perToken = kvBytesPerToken(gpt3.n_layer, gpt3.n_embd, 2);
    expect(text).toContain(`$$\n2 \\times ${gpt3.n_layer} \\times ${f(gpt3.n_embd)} \\times 2 = ${f(perToken)} \\text{ bytes per token},\n$$`);
    expect(text).toContain(`about ${(perToken / 1e6).toFixed(1)} MB for every token of context`);
    expect(text).toContain(`${f(gpt3.n_positions)} \\times ${f(perToken)} = ${f(gpt3.n_positions * perToken)} \\text{ bytes}`);
    expect(text).toContain(`about ${((gpt3.n_positions * perToken) / 1e9).toFixed(1)} GB, for one conversation`);
    expect(text).toContain(`about ${(perToken / 1e6).toFixed(1)} MB per token for GPT-3`);
    expect(text).toContain(`key and a value of ${gpt3.n_embd.toLocaleString('en-US')} numbers in each of its ${gpt3.n_layer} blocks`);
  });

  test('LLaMA 3.1 70B at 128K tokens, with and without grouped-query attention', () => {
    const T = 128 * 1024;
    const gqa = kvBytesPerToken(80, 8 * 128, 2);
    const full = kvBytesPerToken(80, 64 * 128, 2);
    expect(text).toContain(`2 \\times 80 \\times 8 \\times 128 \\times 2 = ${f(gqa)} \\text{ bytes per token}, \\qquad ${f(T)} \\times ${f(gqa)} = ${f(T * gqa)} \\text{ bytes}`);
    expect(text).toContain(`About ${Math.round((T * gqa) / 1e9)} GB for one full-length conversation`);
    expect(text).toContain(`2 \\times 80 \\times 64 \\times 128 \\times 2 = ${f(full)}, \\qquad ${f(T)} \\times ${f(full)} = ${f(T * full)}`);
    expect(text).toContain(`about ${Math.round((T * full) / 1e9)} GB, more than twice`);
    expect(full / gqa).toBe(8);
    expect(text).toContain('it\nwould be eight times as much');
    expect(text).toContain(`accepts 128K tokens (${T.toLocaleString('en-US')})`);
  });

  test('the quadratic attention scores', () => {
    const T = 128 * 1024;
    expect(text).toContain(`$${f(T)}^2 = ${f(T * T)}$`);
    expect(text).toContain(`$${f(gpt3.n_positions)}^2 = ${f(gpt3.n_positions ** 2)}$ for GPT-3: ${((T * T) / gpt3.n_positions ** 2).toLocaleString('en-US')} times as many`);
  });

  test('a mixture of experts at GPT-3 width', () => {
    const mlp = 2 * gpt3.n_embd * mlpWidth(gpt3);
    expect(mlp).toBe(countParameters(gpt3).breakdown.mlpUp * 2 / gpt3.n_layer);
    expect(text).toContain(`$2 \\times ${f(gpt3.n_embd)} \\times ${f(mlpWidth(gpt3))} = ${f(mlp)}$`);
    expect(text).toContain(`$8 \\times ${f(mlp)} = ${f(8 * mlp)}$`);
    expect(text).toContain(`$2 \\times ${f(mlp)} = ${f(2 * mlp)}$`);
    expect(text).toContain(`$${f(gpt3.n_embd)} \\times 8 = ${f(gpt3.n_embd * 8)}$`);
  });

  test('training compute by 6ND and the 20-tokens rule', () => {
    const sci = (x: number) => {
      const e = Math.floor(Math.log10(x));
      return `${+(x / 10 ** e).toFixed(2)} \\times 10^{${e}}`;
    };
    expect(text).toContain(`6 \\times 1.75 \\times 10^{11} \\times 3 \\times 10^{11} = ${sci(6 * 1.75e11 * 3e11)}`);
    expect(text).toContain(`$6 \\times 7 \\times 10^{10} \\times 1.4 \\times 10^{12} = ${sci(6 * 7e10 * 1.4e12)}$`);
    expect(1.4e12 / 70e9).toBe(20);
    expect(text).toContain(`$20 \\times 175 = ${f(20 * 175)}$ billion tokens`);
    expect(text).toContain(`about ${Math.round(15e12 / 70e9)} tokens per parameter`);
    expect(text).toContain(`$6 \\times 7 \\times 10^{10} \\times 1.5 \\times 10^{13} = ${sci(6 * 7e10 * 1.5e13)}$`);
    expect(text).toContain(`roughly ten times the Chinchilla amount`);
    expect(Math.round(15e12 / 1.4e12)).toBe(11);
  });

  test("LLaMA 3 70B's parameter count from its shape", () => {
    const [V, C, L, kv, F] = [128_256, 8192, 80, 1024, 28_672];
    const total = 2 * V * C + L * (2 * C * C + 2 * C * kv + 3 * C * F + 2 * C) + C;
    expect(text).toContain(`= ${f(total)}.`);
    expect(text).toContain(`3 \\times ${f(C)} \\times ${f(F)}`);
    expect(F / C).toBe(3.5);
    expect(text).toContain(`about ${Math.round((total * 2) / 1e9)} GB or so that its 70 billion`.replace('about ', 'the '));
  });
});
