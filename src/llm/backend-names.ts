// The TF.js backends by name, in words for the reader, and the `?backend=` override as a page
// gives it. No TF.js here: islands and page scripts import this file (through `import type` or
// directly) without pulling in the engine; backend.ts re-exports it.

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

/** The order a browser tries them in (Node tries wasm, then cpu). */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

/** How each backend is named on screen. */
export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = { webgpu: 'WebGPU', wasm: 'WASM', webgl: 'WebGL', cpu: 'CPU' };

export function isBackendName(name: unknown): name is BackendName {
  return typeof name === 'string' && (BACKEND_ORDER as readonly string[]).includes(name);
}

export interface BackendOverride {
  backend: BackendName | null; // the backend to try first; null lets the usual order choose
  note: string; // '' or one sentence for the reader when the value was not understood
}

/**
 * Reads a `?backend=` value the way every page treats it: case and spaces do not matter
 * ("WASM" is wasm); an unknown name is ignored with a note and the usual order runs.
 */
export function parseBackendOverride(raw: string | null | undefined): BackendOverride {
  if (raw == null || raw.trim() === '') return { backend: null, note: '' };
  const name = raw.trim().toLowerCase();
  if (isBackendName(name)) return { backend: name, note: '' };
  return { backend: null, note: `Ignored ?backend=${raw}: use ${BACKEND_ORDER.slice(0, -1).join(', ')} or ${BACKEND_ORDER.at(-1)}.` };
}

/** The `?backend=` value of a query string (e.g. location.search), parsed as above. */
export function backendOverrideFrom(search: string): BackendOverride {
  return parseBackendOverride(new URLSearchParams(search).get('backend'));
}

/** The order to try: the forced one first (once), then the usual order as the fallback. */
export function tryOrder(forced: BackendName | null, usual: readonly BackendName[]): BackendName[] {
  return forced ? [forced, ...usual.filter((name) => name !== forced)] : [...usual];
}
