// The `book` object of live code blocks (its contract, with docs, is book-api.ts): src/llm's model,
// tokenizers and parameter counter behind a few reader-sized calls. Runs inside the live-code worker
// only; models and tokenizers are fetched from the site itself (public/models/<name>/) once per worker.

import * as tf from '@tensorflow/tfjs-core';
import type { BookApi, BookModel, BookModelName, BookTokenizer, ModelName, Tokens } from './book-api.ts';
import { getStored, isStoredModel, modelLabel } from '../../worker/model-store.ts';
import {
  BOOK_MODELS,
  BpeTokenizer,
  completeText,
  countParameters,
  loadModelFromBytes,
  forward,
  formatCount,
  getPreset,
  loadGpt2Tokenizer,
  loadModelFromUrl,
  namedWeights,
  specFromTokenizerJson,
  type LoadedModel,
  type Tokenizer,
} from '../../llm/index.ts';

/** The book's models, largest first: with no name, `book` uses the largest one the site ships. */
const MODEL_NAMES: readonly BookModelName[] = BOOK_MODELS;

export interface BookDeps {
  /** The site's base URL with a trailing slash, e.g. "http://host/next-token/". */
  base: string;
  /** The book's models the site ships (the build lists public/models/); the default is the largest. */
  models: readonly string[];
  /** The reader's stored model chosen on the page ("stored:<name>"), read at each call: the default when set. */
  chosen?: () => `stored:${string}` | null;
  /** Told when a download starts and ends, so the runner can stop the time limit's clock meanwhile. */
  onLoading?: (loading: boolean) => void;
}

function checkName(name: string): ModelName {
  if (typeof name === 'string' && isStoredModel(name)) return name as ModelName;
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(`book.loadModel: unknown model "${name}". The book's models are: ${MODEL_NAMES.join(', ')} (or "stored:<name>", one of your own).`);
  }
  return name as BookModelName;
}

/** A reader's model stored in this browser (chapter 7's "Use this model", or a folder loaded in a picker). */
async function loadStoredModel(name: string): Promise<LoadedModel> {
  const stored = await getStored(modelLabel(name)).catch(() => null);
  if (!stored) throw new Error(`book.loadModel: your model "${modelLabel(name)}" is not stored in this browser (pick another in a model widget's picker).`);
  return loadModelFromBytes({ config: stored.files.config, weights: stored.files.weights, tokenizer: stored.files.tokenizer });
}

function tokens(tokenizer: Tokenizer, text: string): Tokens {
  if (typeof text !== 'string') throw new TypeError(`Expected text (a string), got ${typeof text}.`);
  const ids = tokenizer.encode(text);
  return { ids, pieces: ids.map((id) => tokenizer.displayToken(id)) };
}

export function createBook(deps: BookDeps): BookApi {
  const models = new Map<ModelName, Promise<BookModel>>();
  const tokenizers = new Map<BookModelName, Promise<Tokenizer>>();
  const inner = new Map<ModelName, LoadedModel>(); // the engine's model behind each BookModel
  let gpt2: Promise<Tokenizer> | null = null;
  const modelUrl = (name: BookModelName) => new URL(`models/${name}/`, deps.base).href;

  /** The largest of the book's models that this site ships. */
  async function shippedModel(): Promise<BookModelName> {
    const name = MODEL_NAMES.find((n) => deps.models.includes(n));
    if (!name) throw new Error(`None of the book's models (${MODEL_NAMES.join(', ')}) is on this site yet (public/models/).`);
    return name;
  }

  let downloads = 0; // in flight; the clock stops while any is running

  /** Runs a download with the time limit's clock stopped. */
  async function loading<T>(work: () => Promise<T>): Promise<T> {
    if (downloads++ === 0) deps.onLoading?.(true);
    try {
      return await work();
    } finally {
      if (--downloads === 0) deps.onLoading?.(false);
    }
  }

  function wrap(name: ModelName, loaded: LoadedModel): BookModel {
    // Each run disposes the tensors it made (an engine scope); the model's weights must outlive it.
    for (const [, tensor] of namedWeights(loaded.weights)) tf.keep(tensor);
    for (const block of loaded.unembedding) tf.keep(block);
    if (!loaded.tokenizer) throw new Error(`Model "${name}" has no tokenizer.json next to its weights.`);
    const tokenizer = loaded.tokenizer as Tokenizer;
    return {
      name,
      config: { ...loaded.config },
      tokenizer: tokenizer as BookTokenizer,
      async forward(ids, options = {}) {
        if (!Array.isArray(ids)) throw new TypeError('model.forward expects an array of token ids, e.g. (await book.tokenize(text)).ids.');
        const out = await forward(loaded, ids, { trace: options.trace });
        return { logits: tf.tensor2d(out.logits.data, out.logits.shape as [number, number]), trace: out.trace };
      },
    };
  }

  const book: BookApi = {
    async loadModel(name) {
      const checked = name === undefined ? (deps.chosen?.() ?? (await shippedModel())) : checkName(name);
      let model = models.get(checked);
      if (!model) {
        const load = isStoredModel(checked) ? () => loadStoredModel(checked) : () => loadModelFromUrl(modelUrl(checked as BookModelName));
        model = loading(load).then((loaded) => {
          inner.set(checked, loaded);
          return wrap(checked, loaded);
        });
        model.catch(() => models.delete(checked)); // a failed download may be retried
        models.set(checked, model);
      }
      return model;
    },
    async tokenize(text) {
      return tokens(await defaultTokenizer(), text);
    },
    async decode(ids) {
      return (await defaultTokenizer()).decode(ids);
    },
    async gpt2Tokenize(text) {
      gpt2 ??= loading(() => loadGpt2Tokenizer());
      return tokens(await gpt2, text);
    },
    async generate(model, prompt, options = {}) {
      const loaded = inner.get(model?.name);
      if (!loaded) throw new TypeError('book.generate expects a model from `await book.loadModel()` as its first argument.');
      if (typeof prompt !== 'string' || prompt === '') throw new Error('book.generate needs a prompt of at least one token.');
      const { maxNewTokens = 30, ...settings } = options;
      return (await completeText(loaded, prompt, { ...settings, maxNewTokens })).text; // only the new text
    },
    countParameters(preset) {
      return countParameters(getPreset(preset));
    },
    formatCount(n) {
      return formatCount(n);
    },
  };

  /** The default model's tokenizer: the chosen stored model's (with its weights, from this browser), else the book's. */
  async function defaultTokenizer(): Promise<Tokenizer> {
    const chosen = deps.chosen?.();
    if (chosen) return (await book.loadModel(chosen)).tokenizer as Tokenizer;
    return bookTokenizer(await shippedModel());
  }

  /** The tokenizer alone (tokenizer.json, a few hundred kB), without the weights. */
  function bookTokenizer(name: BookModelName): Promise<Tokenizer> {
    let tokenizer = tokenizers.get(name);
    if (!tokenizer) {
      tokenizer = loading(async () => {
        const url = `${modelUrl(name)}tokenizer.json`;
        const response = await fetch(url);
        if (!response.ok) throw new Error(`Could not fetch ${url}: HTTP ${response.status}.`);
        return new BpeTokenizer(specFromTokenizerJson(await response.text()));
      });
      tokenizer.catch(() => tokenizers.delete(name));
      tokenizers.set(name, tokenizer);
    }
    return tokenizer;
  }

  return book;
}
