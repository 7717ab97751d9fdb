// The reader's own models, kept in this browser: IndexedDB database "next-token-models", the three files of a
// Hugging Face GPT-2 folder exactly as `npm run llm` reads them (config.json text, model.safetensors bytes,
// tokenizer.json text), so the worker parses them with the same code as the shipped models. At most
// MAX_STORED models; the same name replaces the older one, and the oldest goes first.
// Used by the page (picker: list, download, store) and by the model worker (load). No TF.js, no DOM.

/** Model names that mean "the reader's stored model <name>", never a folder under public/models/. */
export const STORED_PREFIX = 'stored:';
const MAX_STORED = 4;

export interface ModelFiles {
  config: string; // config.json
  weights: Uint8Array; // model.safetensors
  tokenizer: string; // tokenizer.json
}

export interface StoredSummary {
  name: string; // the reader-facing name, e.g. "my model (book-tiny shape, 300 steps)"
  savedAt: number; // ms since 1970
  bytes: number; // size of the three files
}

export interface StoredModel extends StoredSummary {
  files: ModelFiles;
}

export function isStoredModel(model: string): boolean {
  return model.startsWith(STORED_PREFIX);
}

/** "stored:my model" -> "my model"; a shipped name stays as it is. */
export function modelLabel(model: string): string {
  return isStoredModel(model) ? model.slice(STORED_PREFIX.length) : model;
}

export function filesBytes(files: ModelFiles): number {
  return new TextEncoder().encode(files.config).length + files.weights.byteLength + new TextEncoder().encode(files.tokenizer).length;
}

const DB = 'next-token-models';
const SUMMARIES = 'summaries'; // small records, listed without reading any weights
const FILES = 'files';

/** Opens the database; rejects where IndexedDB is missing or refused (private windows, blocked storage). */
function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here.');
      request = indexedDB.open(DB, 1);
    } catch (error) {
      return reject(error instanceof Error ? error : new Error(String(error)));
    }
    request.onupgradeneeded = () => {
      request.result.createObjectStore(SUMMARIES, { keyPath: 'name' });
      request.result.createObjectStore(FILES);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab.'));
  });
}

/** Runs one transaction over both stores and resolves with what `work` returns once it has committed. */
async function transact<T>(mode: IDBTransactionMode, work: (summaries: IDBObjectStore, files: IDBObjectStore) => Promise<T> | T): Promise<T> {
  const db = await openDb();
  try {
    const tx = db.transaction([SUMMARIES, FILES], mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed.'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted.'));
    });
    const result = await work(tx.objectStore(SUMMARIES), tx.objectStore(FILES));
    await done;
    return result;
  } finally {
    db.close();
  }
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed.'));
  });
}

/** True when this browser lets the book keep models (IndexedDB opens). */
export async function storageAvailable(): Promise<boolean> {
  try {
    (await openDb()).close();
    return true;
  } catch {
    return false;
  }
}

/** The stored models, newest first (no weights read). */
export async function listStored(): Promise<StoredSummary[]> {
  const all = await transact('readonly', (summaries) => request(summaries.getAll() as IDBRequest<StoredSummary[]>));
  return all.sort((a, b) => b.savedAt - a.savedAt);
}

/** Stores a model (replacing one of the same name) and drops the oldest beyond MAX_STORED; returns their names. */
export async function putStored(model: StoredModel): Promise<string[]> {
  const summary: StoredSummary = { name: model.name, savedAt: model.savedAt, bytes: model.bytes };
  return transact('readwrite', async (summaries, files) => {
    summaries.put(summary);
    files.put(model.files, model.name);
    const others = ((await request(summaries.getAll())) as StoredSummary[]).filter((m) => m.name !== model.name).sort((a, b) => b.savedAt - a.savedAt);
    const dropped = others.slice(MAX_STORED - 1).map((m) => m.name);
    for (const name of dropped) {
      summaries.delete(name);
      files.delete(name);
    }
    return dropped;
  });
}

/** One stored model with its files, or null when there is none of that name. */
export async function getStored(name: string): Promise<StoredModel | null> {
  return transact('readonly', async (summaries, files) => {
    const summary = (await request(summaries.get(name))) as StoredSummary | undefined;
    const data = (await request(files.get(name))) as ModelFiles | undefined;
    return summary && data ? { ...summary, files: data } : null;
  });
}

export async function deleteStored(name: string): Promise<void> {
  await transact('readwrite', (summaries, files) => {
    summaries.delete(name);
    files.delete(name);
  });
}

/** localStorage key of the page-wide choice ("stored:<name>"; absent: the book's model). */
export const CHOICE_KEY = 'next-token:model';

/** The stored model chosen in the book's model pickers, or null (the book's own model, or storage refused). */
export function readModelChoice(): string | null {
  try {
    const value = globalThis.localStorage?.getItem(CHOICE_KEY) ?? null;
    return value && isStoredModel(value) ? value : null;
  } catch {
    return null;
  }
}

/** The channel every page, tab and model worker of the book hears when the stored models change. */
export const MODELS_CHANNEL = 'next-token:models';

export type ModelsMessage = { type: 'changed'; name: string | null }; // name: the model added, replaced or removed
