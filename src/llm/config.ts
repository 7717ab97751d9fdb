// The one model config, in GPT-2's own key names (as Hugging Face's config.json spells them),
// plus named presets. Everything that builds, counts or loads a model takes a GPTConfig.
//
// Shape legend used across src/llm:
//   T = sequence length (tokens), C = n_embd (channels), H = n_head, D = C / H (head size),
//   V = vocab_size, L = n_layer.

export interface GPTConfig {
  vocab_size: number; // V: how many different tokens the model knows
  n_positions: number; // longest context the position embedding covers
  n_embd: number; // C: width of every vector in the residual stream
  n_layer: number; // L: how many transformer blocks are stacked
  n_head: number; // H: attention heads per block; C must divide evenly by H
  layer_norm_epsilon: number; // added to the variance inside LayerNorm (1e-5 for GPT-2)
  activation_function: 'gelu_new'; // GPT-2's tanh approximation of GELU
  tie_word_embeddings: boolean; // unembedding = transposed token embedding (GPT-2: true)
  n_inner?: number | null; // MLP hidden width; null/undefined means 4 * C
}

/** Hugging Face's GPT-2 defaults for every key we do not set. */
const GPT2_DEFAULTS = {
  layer_norm_epsilon: 1e-5,
  activation_function: 'gelu_new',
  tie_word_embeddings: true,
} as const;

function preset(shape: Pick<GPTConfig, 'vocab_size' | 'n_positions' | 'n_embd' | 'n_layer' | 'n_head'>): GPTConfig {
  return { ...GPT2_DEFAULTS, ...shape };
}

// Parameter counts in comments are full counts with tied embeddings (see params.ts).
export const PRESETS = {
  gpt2: preset({ vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 }), // 124,439,808
  'gpt2-medium': preset({ vocab_size: 50257, n_positions: 1024, n_embd: 1024, n_layer: 24, n_head: 16 }), // 354,823,168
  'gpt2-large': preset({ vocab_size: 50257, n_positions: 1024, n_embd: 1280, n_layer: 36, n_head: 20 }), // 774,030,080
  'gpt2-xl': preset({ vocab_size: 50257, n_positions: 1024, n_embd: 1600, n_layer: 48, n_head: 25 }), // 1,557,611,200
  // GPT-3 175B (Brown et al. 2020, table 2.1). Its unembedding is counted separately by 3Blue1Brown's tally.
  gpt3: preset({ vocab_size: 50257, n_positions: 2048, n_embd: 12288, n_layer: 96, n_head: 96 }),
  // The smaller GPT-3 models of the same table. Two of its rows do not fit together as printed: XL says
  // 24 heads of 128 for a width of 2,048, and 13B says a width of 5,140 for 40 heads of 128. We keep the
  // printed width and head size (XL: 16 heads of 128) and use 40 x 128 = 5,120 for 13B; both then give the
  // paper's 1.3B and 13.0B.
  'gpt3-small': preset({ vocab_size: 50257, n_positions: 2048, n_embd: 768, n_layer: 12, n_head: 12 }),
  'gpt3-medium': preset({ vocab_size: 50257, n_positions: 2048, n_embd: 1024, n_layer: 24, n_head: 16 }),
  'gpt3-large': preset({ vocab_size: 50257, n_positions: 2048, n_embd: 1536, n_layer: 24, n_head: 16 }),
  'gpt3-xl': preset({ vocab_size: 50257, n_positions: 2048, n_embd: 2048, n_layer: 24, n_head: 16 }),
  'gpt3-2.7b': preset({ vocab_size: 50257, n_positions: 2048, n_embd: 2560, n_layer: 32, n_head: 32 }),
  'gpt3-6.7b': preset({ vocab_size: 50257, n_positions: 2048, n_embd: 4096, n_layer: 32, n_head: 32 }),
  'gpt3-13b': preset({ vocab_size: 50257, n_positions: 2048, n_embd: 5120, n_layer: 40, n_head: 40 }),
  // The book's own models, trained by `npm run train` on the Brown Corpus.
  'book-tiny': preset({ vocab_size: 512, n_positions: 64, n_embd: 32, n_layer: 2, n_head: 2 }),
  'book-small': preset({ vocab_size: 8192, n_positions: 128, n_embd: 128, n_layer: 4, n_head: 4 }), // 1,858,304
} satisfies Record<string, GPTConfig>;

export type PresetName = keyof typeof PRESETS;

/** The book's own models, largest first: book-small is the one the pages use, book-tiny the quick test model. */
export const BOOK_MODELS = ['book-small', 'book-tiny'] as const satisfies readonly PresetName[];
export type BookModelName = (typeof BOOK_MODELS)[number];
/** The model the book's pages, figures and default commands use. */
export const BOOK_MODEL: BookModelName = BOOK_MODELS[0];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

/** A copy of a named preset; throws with the list of names when the name is unknown. */
export function getPreset(name: string): GPTConfig {
  if (!isPresetName(name)) {
    throw new Error(`Unknown preset "${name}". Known presets: ${Object.keys(PRESETS).join(', ')}.`);
  }
  return { ...PRESETS[name] };
}

/** MLP hidden width: n_inner when the config sets it, else 4 * C as in GPT-2. */
export function mlpWidth(config: GPTConfig): number {
  return config.n_inner ?? 4 * config.n_embd;
}

const POSITIVE_INTEGER_KEYS = ['vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head'] as const;

/**
 * Turns a parsed config.json (ours or Hugging Face's GPT-2) into a checked GPTConfig.
 * Unknown keys are ignored; missing optional keys take GPT-2's defaults; anything wrong throws
 * an error that names the key, what it got and what it expected.
 */
export function parseConfig(raw: unknown): GPTConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`config.json must hold a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}.`);
  }
  const json = raw as Record<string, unknown>;
  for (const key of POSITIVE_INTEGER_KEYS) {
    const value = json[key];
    if (!Number.isInteger(value) || (value as number) < 1) {
      throw new Error(`config.json: "${key}" must be a positive integer, got ${JSON.stringify(value)}.`);
    }
  }
  const epsilon = json.layer_norm_epsilon ?? GPT2_DEFAULTS.layer_norm_epsilon;
  if (typeof epsilon !== 'number' || !(epsilon > 0)) {
    throw new Error(`config.json: "layer_norm_epsilon" must be a positive number, got ${JSON.stringify(epsilon)}.`);
  }
  const activation = json.activation_function ?? GPT2_DEFAULTS.activation_function;
  if (activation !== 'gelu_new') {
    throw new Error(`config.json: "activation_function" must be "gelu_new" (GPT-2's tanh GELU), got ${JSON.stringify(activation)}.`);
  }
  const nInner = json.n_inner ?? null;
  if (nInner !== null && (!Number.isInteger(nInner) || (nInner as number) < 1)) {
    throw new Error(`config.json: "n_inner" must be null or a positive integer, got ${JSON.stringify(nInner)}.`);
  }
  const config: GPTConfig = {
    vocab_size: json.vocab_size as number,
    n_positions: json.n_positions as number,
    n_embd: json.n_embd as number,
    n_layer: json.n_layer as number,
    n_head: json.n_head as number,
    layer_norm_epsilon: epsilon,
    activation_function: 'gelu_new',
    tie_word_embeddings: json.tie_word_embeddings === undefined ? true : Boolean(json.tie_word_embeddings),
    n_inner: nInner as number | null,
  };
  if (config.n_embd % config.n_head !== 0) {
    throw new Error(`config.json: n_embd (${config.n_embd}) must be divisible by n_head (${config.n_head}).`);
  }
  return config;
}
