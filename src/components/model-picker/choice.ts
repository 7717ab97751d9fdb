// Which model the page's widgets use: the book's own (each widget's `model` prop) or one of the reader's stored
// models ("stored:<name>"). One choice per page, kept in localStorage so it survives a reload; the list of stored
// models is read from IndexedDB and kept current across tabs by a BroadcastChannel. Models this page could not
// store (no IndexedDB) live in memory here and in the model worker until the page goes. No Preact, no TF.js.
import { getModelClient } from '../../worker/client.ts';
import {
  CHOICE_KEY,
  deleteStored,
  filesBytes,
  getStored,
  isStoredModel,
  listStored,
  modelLabel,
  MODELS_CHANNEL,
  putStored,
  readModelChoice,
  storageAvailable,
  STORED_PREFIX,
  type ModelFiles,
  type ModelsMessage,
  type StoredModel,
  type StoredSummary,
} from '../../worker/model-store.ts';
import type { WorkerError } from '../../worker/protocol.ts';

interface Listed extends StoredSummary {
  memory: boolean; // only in this page's memory: gone after a reload
}

export interface Message {
  text: string;
  alert: boolean; // something went wrong (role=alert) rather than news (role=status)
}

export interface PickerState {
  chosen: string | null; // "stored:<name>", or null: each widget's own (shipped) model
  stored: Listed[]; // newest first
  message: Message | null; // the latest news for every picker on the page (a fallback, a stored model)
}


let state: PickerState = { chosen: null, stored: [], message: null };
let started = false;
const listeners = new Set<() => void>();
const memory = new Map<string, StoredModel>();
let channel: BroadcastChannel | null = null;

function set(next: Partial<PickerState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function writeChoice(model: string | null): void {
  try {
    if (model) localStorage.setItem(CHOICE_KEY, model);
    else localStorage.removeItem(CHOICE_KEY);
  } catch {
    // storage refused: the choice holds for this page only
  }
}

function start(): void {
  if (started) return;
  started = true;
  state = { ...state, chosen: readModelChoice() };
  try {
    channel = new BroadcastChannel(MODELS_CHANNEL);
    channel.onmessage = () => void refresh();
  } catch {
    channel = null;
  }
  void refresh();
}

function announce(name: string | null): void {
  channel?.postMessage({ type: 'changed', name } satisfies ModelsMessage);
}

/** Re-reads the stored models; a chosen one that has gone (removed in another tab) gives way to the book's. */
async function refresh(): Promise<void> {
  const stored = await listStored().catch(() => null); // null: no IndexedDB, only this page's models
  const inMemory = [...memory.values()].map(({ files: _files, ...summary }) => ({ ...summary, memory: true }));
  const listed = [...inMemory, ...(stored ?? []).filter((m) => !memory.has(m.name)).map((m) => ({ ...m, memory: false }))];
  const gone = state.chosen !== null && stored !== null && !listed.some((m) => STORED_PREFIX + m.name === state.chosen);
  if (gone) {
    writeChoice(null);
    set({ stored: listed, chosen: null, message: { text: `Your model “${modelLabel(state.chosen!)}” is no longer stored in this browser; the book's model is used again.`, alert: true } });
  } else set({ stored: listed });
}

export function subscribe(listener: () => void): () => void {
  start();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function pickerState(): PickerState {
  return state;
}

/** Makes `model` (a stored model, or null for the book's) the page's choice; persisted unless memory-only. */
export function choose(model: string | null): void {
  const inMemory = model !== null && memory.has(modelLabel(model));
  writeChoice(inMemory ? null : model);
  set({ chosen: model, message: null });
}

/**
 * A widget could not load the chosen stored model (gone, or damaged and removed by the worker): every widget
 * goes back to the book's model, and every picker says why.
 */
export function fallBack(model: string, error: WorkerError): void {
  if (!isStoredModel(model) || state.chosen !== model || (error.code !== 'missing-file' && error.code !== 'corrupt-file')) return;
  memory.delete(modelLabel(model));
  writeChoice(null);
  const detail = error.detail ? ` (${error.detail})` : '';
  set({ chosen: null, message: { text: `${error.message} The book's model is used instead.${detail}`, alert: true } });
  void refresh();
}

export type AddResult = { ok: true; persisted: boolean; text: string } | { ok: false; text: string };

/**
 * Checks three model files with the loader itself (in the model worker), then stores them under `name` and makes
 * them the page's choice. Nothing is stored or changed when the check fails. Without IndexedDB the model stays in
 * memory for this page only.
 */
export async function addModel(name: string, files: ModelFiles): Promise<AddResult> {
  start();
  const canStore = await storageAvailable();
  const client = getModelClient();
  const checked = await client.call('checkModel', { name, files, keep: !canStore });
  if (!checked.ok) return { ok: false, text: `This model cannot be used, nothing was stored: ${checked.error.detail ?? checked.error.message}` };
  const record: StoredModel = { name, savedAt: Date.now(), bytes: filesBytes(files), files };
  let persisted = canStore;
  if (canStore) {
    try {
      await putStored(record);
    } catch {
      persisted = false; // full, or refused after all: keep it in memory
      await client.call('checkModel', { name, files, keep: true });
    }
  }
  if (persisted) memory.delete(name);
  else memory.set(name, record);
  announce(name);
  await refresh();
  choose(STORED_PREFIX + name);
  const { vocabSize, contextWindow } = checked.value;
  const facts = `${vocabSize.toLocaleString('en-US')} tokens, ${contextWindow}-token context`;
  const text = persisted
    ? `“${name}” (${facts}) is stored in this browser and chosen for every model widget of the book.`
    : `“${name}” (${facts}) is chosen for this page's widgets, but this browser does not let the book store it (a private window?), so it is kept in memory only and will not survive a reload.`;
  set({ message: { text, alert: false } });
  return { ok: true, persisted, text };
}

/** The three files of a stored model (for downloading), or null when it is gone. */
export async function modelFiles(model: string): Promise<ModelFiles | null> {
  const name = modelLabel(model);
  const kept = memory.get(name);
  if (kept) return kept.files;
  return (await getStored(name).catch(() => null))?.files ?? null;
}

/** Removes a stored model; the page goes back to the book's model if it was the choice. */
export async function removeModel(model: string): Promise<void> {
  const name = modelLabel(model);
  memory.delete(name);
  await deleteStored(name).catch(() => {});
  if (state.chosen === model) choose(null);
  announce(name);
  await refresh();
}
