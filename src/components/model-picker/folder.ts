// A model folder picked from disk (a folder, or its files picked together) -> its three files, or the reader's
// message saying what is missing. The parsing itself is the loader's (the model worker checks them).
import type { ModelFiles } from '../../worker/model-store.ts';

export const MODEL_FILE_NAMES = ['config.json', 'model.safetensors', 'tokenizer.json'] as const;

/** What a picked File needs here (a File is one; tests pass plain objects). */
export interface PickedFile {
  name: string;
  webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

/** The folder's name ("gpt2" for gpt2/config.json), or null for files picked one by one. */
function folderName(files: readonly PickedFile[]): string | null {
  const path = files.find((f) => f.webkitRelativePath)?.webkitRelativePath ?? '';
  const parts = path.split('/');
  return parts.length > 1 ? parts[parts.length - 2] : null;
}

/**
 * The three files of a model folder. Extra files (README.md, training.json) are ignored; a missing one is named.
 * The model's name is the folder's, else "model from disk".
 */
export async function readModelFolder(picked: readonly PickedFile[]): Promise<{ name: string; files: ModelFiles } | string> {
  if (picked.length === 0) return 'No files were picked.';
  const byName = new Map(picked.map((f) => [f.name, f]));
  const missing = MODEL_FILE_NAMES.filter((n) => !byName.has(n));
  if (missing.length) {
    return `The ${picked.length === 1 ? 'file picked' : `${picked.length} files picked`} lack ${missing.join(' and ')}; a model folder needs config.json, model.safetensors and tokenizer.json. Nothing was stored.`;
  }
  const [config, weights, tokenizer] = await Promise.all([
    byName.get('config.json')!.text(),
    byName.get('model.safetensors')!.arrayBuffer(),
    byName.get('tokenizer.json')!.text(),
  ]);
  const name = (folderName(picked) ?? 'model from disk').slice(0, 80);
  return { name, files: { config, weights: new Uint8Array(weights), tokenizer } };
}
