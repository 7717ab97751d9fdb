// Pure logic of chapter 8's parameter calculator: the fields, their validation, the presets and the
// numbers shown. Every count comes from src/llm/params.ts; this file only parses, checks and formats.
import { getPreset, type GPTConfig, type PresetName } from '../../llm/config.ts';
import {
  BYTES_PER_PARAMETER,
  countParameters,
  formatCount,
  storedCount,
  trainingFlops,
  type NumberFormat,
  type ParamCount,
} from '../../llm/params.ts';

/** The five shape fields, in GPT-2's config.json key names. */
type ShapeKey = 'n_layer' | 'n_embd' | 'n_head' | 'vocab_size' | 'n_positions';
export type FieldKey = ShapeKey | 'tokens';

export interface FieldSpec {
  key: FieldKey;
  label: string;
  /** Largest value accepted: keeps every count an exact integer in a double (far below 2^53). */
  max: number;
}

export const FIELDS: readonly FieldSpec[] = [
  { key: 'n_layer', label: 'Layers', max: 1_000 },
  { key: 'n_embd', label: 'Model width (d_model)', max: 100_000 },
  { key: 'n_head', label: 'Heads', max: 10_000 },
  { key: 'vocab_size', label: 'Vocabulary', max: 10_000_000 },
  { key: 'n_positions', label: 'Context', max: 10_000_000 },
  { key: 'tokens', label: 'Training tokens', max: 1e15 },
];

/** Presets offered, in the order of the menu; the shapes come from src/llm/config.ts. */
export const CALC_PRESETS: readonly { name: PresetName; label: string }[] = [
  { name: 'book-tiny', label: "book-tiny (this book's test model)" },
  { name: 'book-small', label: "book-small (this book's model)" },
  { name: 'gpt2', label: 'GPT-2 small' },
  { name: 'gpt2-medium', label: 'GPT-2 medium' },
  { name: 'gpt2-large', label: 'GPT-2 large' },
  { name: 'gpt2-xl', label: 'GPT-2 XL' },
  { name: 'gpt3-small', label: 'GPT-3 Small' },
  { name: 'gpt3-medium', label: 'GPT-3 Medium' },
  { name: 'gpt3-large', label: 'GPT-3 Large' },
  { name: 'gpt3-xl', label: 'GPT-3 XL' },
  { name: 'gpt3-2.7b', label: 'GPT-3 2.7B' },
  { name: 'gpt3-6.7b', label: 'GPT-3 6.7B' },
  { name: 'gpt3-13b', label: 'GPT-3 13B' },
  { name: 'gpt3', label: 'GPT-3 175B' },
];

/** GPT-3 was trained on 300 billion tokens (Brown et al. 2020, section 2.2): the default for the compute line. */
export const DEFAULT_TOKENS = 300_000_000_000;

export type FieldText = Record<FieldKey, string>;

export interface Choices {
  tied: boolean;
  biases: boolean;
  layerNorms: boolean;
}

/** The text of every field for a preset (grouped with commas, as the reader would type it). */
export function presetFields(name: PresetName, tokens = DEFAULT_TOKENS): FieldText {
  const c = getPreset(name);
  return {
    n_layer: String(c.n_layer),
    n_embd: String(c.n_embd),
    n_head: String(c.n_head),
    vocab_size: String(c.vocab_size),
    n_positions: String(c.n_positions),
    tokens: formatCount(tokens),
  };
}

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** One field's text -> a whole number from 1 to max, or a message saying what is wrong. */
export function parseWhole(text: string, max: number): Parsed {
  const cleaned = text.trim().replace(/[\s,_]/g, ''); // thousands separators and spaces are fine
  if (cleaned === '') return { ok: false, message: 'Enter a whole number.' };
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, message: `"${text.trim()}" is not a number; use digits only.` };
  if (!Number.isInteger(value)) return { ok: false, message: `Must be a whole number; ${cleaned} is not.` };
  if (value < 1) return { ok: false, message: `Must be at least 1; ${cleaned} is ${value === 0 ? 'zero' : 'negative'}.` };
  if (value > max) return { ok: false, message: `At most ${formatCount(max)}.` };
  return { ok: true, value };
}

/** Divisors of n, smallest first (n is at most FIELDS' width limit, so the loop is short). */
function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

function headsMessage(width: number, heads: number): string {
  const near = divisors(width)
    .sort((a, b) => Math.abs(a - heads) - Math.abs(b - heads) || a - b)
    .slice(0, 4)
    .sort((a, b) => a - b);
  return `Heads must divide the model width: ${formatCount(width)} ÷ ${formatCount(heads)} is not a whole number. Try ${near.map(formatCount).join(', ')}.`;
}

export type Validated = { config: GPTConfig; tokens: number; errors: null } | { config: null; tokens: null; errors: Partial<Record<FieldKey, string>> };

/** All fields -> a config and a token count, or one message per bad field. */
export function validate(fields: FieldText, tied: boolean): Validated {
  const errors: Partial<Record<FieldKey, string>> = {};
  const values: Partial<Record<FieldKey, number>> = {};
  for (const spec of FIELDS) {
    const parsed = parseWhole(fields[spec.key], spec.max);
    if (parsed.ok) values[spec.key] = parsed.value;
    else errors[spec.key] = parsed.message;
  }
  const { n_embd: width, n_head: heads } = values;
  if (width !== undefined && heads !== undefined) {
    if (heads > width) errors.n_head = `Heads must divide the model width, so at most ${formatCount(width)}.`;
    else if (width % heads !== 0) errors.n_head = headsMessage(width, heads);
  }
  if (Object.keys(errors).length > 0) return { config: null, tokens: null, errors };
  const v = values as Record<FieldKey, number>;
  const config: GPTConfig = {
    ...getPreset('gpt2'), // epsilon and activation: they hold no parameters
    vocab_size: v.vocab_size,
    n_positions: v.n_positions,
    n_embd: v.n_embd,
    n_layer: v.n_layer,
    n_head: v.n_head,
    tie_word_embeddings: tied,
  };
  return { config, tokens: v.tokens, errors: null };
}

/** The preset whose shape the fields spell, or null for a custom model. */
export function matchingPreset(config: GPTConfig): PresetName | null {
  const keys: ShapeKey[] = ['n_layer', 'n_embd', 'n_head', 'vocab_size', 'n_positions'];
  const hit = CALC_PRESETS.find(({ name }) => {
    const preset = getPreset(name);
    return keys.every((k) => preset[k] === config[k]);
  });
  return hit?.name ?? null;
}

export interface Totals {
  count: ParamCount;
  /** The eight big matrix kinds, unembedding always counted (3Blue1Brown's tally). */
  weightsOnly: number;
  matrices: number;
  /** Stored matrices and position embeddings, no biases or LayerNorms. */
  withoutSmall: number;
  /** Every stored parameter. */
  withSmall: number;
  /** The N the reader chose with the two checkboxes: what memory and compute use. */
  chosen: number;
  memory: { format: NumberFormat; bytes: number }[];
  flops: number;
}

export function totals(config: GPTConfig, tokens: number, choices: Choices): Totals {
  const count = countParameters({ ...config, tie_word_embeddings: choices.tied });
  const chosen = storedCount(count, choices);
  const formats = Object.keys(BYTES_PER_PARAMETER) as NumberFormat[];
  return {
    count,
    weightsOnly: count.weightsOnly,
    matrices: count.weightsOnlyMatrices,
    withoutSmall: storedCount(count, { biases: false, layerNorms: false }),
    withSmall: count.total,
    chosen,
    memory: formats.map((format) => ({ format, bytes: chosen * BYTES_PER_PARAMETER[format] })),
    flops: trainingFlops(chosen, tokens),
  };
}

const BYTE_UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** 350362583040 -> "350.4 GB" (decimal units, as memory is sold). */
export function formatBytes(bytes: number): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${formatCount(value)} bytes` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 3.15e23 -> "3.15 × 10²³"; numbers under a million are written out. */
export function formatScientific(value: number): string {
  if (value < 1e6) return formatCount(value);
  const [mantissa, exponent] = value.toExponential(2).split('e');
  const digits = String(Number(exponent)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!);
  return `${mantissa} × 10${digits}`;
}
