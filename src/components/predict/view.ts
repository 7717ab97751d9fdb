// View logic of the next-token widget as pure functions: formatting, settings validation,
// URL state, and the guard that keeps stale results off the screen. No DOM, no model.

import { BACKEND_LABELS, isBackendName } from '../../llm/backend-names.ts';
import type { BackendInfo, SamplingSettings } from '../../worker/protocol.ts';

/** Settings that read well for generation (said in the UI); the list shows the same distribution. */
export const DEFAULT_SETTINGS: SamplingSettings = { temperature: 0.8, topK: null, topP: 0.9 };
export const DEFAULT_SEED = 42;
export const MAX_TEMPERATURE = 5;
export const TYPING_DEBOUNCE_MS = 150;
/** Longest prompt a shared link carries (a longer one is cut to its first MAX_URL_PROMPT characters). */
export const MAX_URL_PROMPT = 1000;

// ---------------------------------------------------------------------------------------------
// Formatting

/** 0.1234 -> "12.3%"; tiny but non-zero values say so instead of rounding to "0.0%". */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p) || p < 0) return '–';
  if (p > 0 && p < 0.0005) return '<0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

/**
 * A token's text made visible: quotes show leading/trailing spaces, and control characters
 * (newline, tab) appear as escapes. " city" -> "' city'", "\n" -> "'\n'" (backslash n).
 */
export function quoteToken(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are made visible
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `'${escaped}'`;
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * How a token is written in the list: quoted text, or the tokenizer's byte form ("<0xE2><0x82>")
 * when the token holds only part of a character (its text alone would be a bare U+FFFD).
 */
export function tokenFace(text: string, display: string): string {
  return text.includes('\uFFFD') ? display : quoteToken(text);
}

/** The text a screen reader gets for one row: "' city' 12.3%". */
export function candidateLabel(text: string, probability: number, display = text): string {
  return `${tokenFace(text, display)} ${formatProbability(probability)}`;
}

/** 1_234_567 -> "1.2 MB"; used by the progress bar. */
export function formatBytes(bytes: number): string {
  if (!(bytes >= 0)) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Loaded/total as a whole percentage for the progress bar; 0 while the total is unknown. */
export function progressPercent(loaded: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

export function truncationNote(dropped: number, contextWindow: number): string {
  if (dropped <= 0) return '';
  const plural = dropped === 1 ? 'token was' : 'tokens were';
  const n = (count: number) => count.toLocaleString('en-US');
  return `The prompt is longer than the model's context window of ${n(contextWindow)} tokens, so the first ${n(dropped)} ${plural} dropped; the model sees only the last ${n(contextWindow)}.`;
}

// ---------------------------------------------------------------------------------------------
// Validation: raw control values (strings from inputs or the URL) -> settings, or messages.

export interface SettingsInput {
  temperature: string;
  topK: string;
  topP: string;
  seed: string;
}

export interface Validated {
  settings: SamplingSettings;
  seed: number;
  errors: Partial<Record<keyof SettingsInput, string>>; // empty when everything is valid
}

/**
 * Checks every field; an invalid field keeps its fallback value and gets a message naming
 * what it got and what it expects. vocabSize bounds top-k when known.
 */
export function validateSettings(input: SettingsInput, fallback: { settings: SamplingSettings; seed: number }, vocabSize?: number): Validated {
  const errors: Validated['errors'] = {};
  const settings = { ...fallback.settings };
  let seed = fallback.seed;

  const t = parseNumber(input.temperature);
  if (t === null || t < 0 || t > MAX_TEMPERATURE) {
    errors.temperature = `Temperature must be a number from 0 to ${MAX_TEMPERATURE}, got "${input.temperature}".`;
  } else settings.temperature = t;

  const k = parseNumber(input.topK);
  const maxK = vocabSize ?? Number.MAX_SAFE_INTEGER;
  if (k === null || !Number.isInteger(k) || k < 0 || k > maxK) {
    const range = vocabSize ? `0 to ${vocabSize}` : '0 or more';
    errors.topK = `Top-k must be a whole number from ${range} (0 = off, every token stays), got "${input.topK}".`;
  } else settings.topK = k === 0 ? null : k; // 0 in the box means off

  const p = parseNumber(input.topP);
  if (p === null || !(p > 0) || p > 1) {
    errors.topP = `Top-p must be a number above 0 and at most 1 (1 = off, every token stays), got "${input.topP}".`;
  } else settings.topP = p;

  const s = parseNumber(input.seed);
  if (s === null || !Number.isInteger(s) || s < 0 || s > 0xffffffff) {
    errors.seed = `Seed must be a whole number from 0 to 4294967295, got "${input.seed}".`;
  } else seed = s;

  return { settings, seed, errors };
}

/**
 * A message split into the rule and what was typed: the rule is the part announced (it stays the
 * same text while the field stays wrong, so it is announced once, not on every keystroke).
 */
export function errorParts(message: string): { rule: string; typed: string } {
  const at = message.lastIndexOf(', got "');
  return at < 0 ? { rule: message, typed: '' } : { rule: `${message.slice(0, at)}.`, typed: `You typed ${message.slice(at + 6, -1)}.` };
}

function parseNumber(raw: string): number | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

// ---------------------------------------------------------------------------------------------
// URL state: prompt and settings in the query string so a reader can share what they see.

export interface WidgetState {
  prompt: string;
  settings: SamplingSettings;
  seed: number;
}

const KEYS = { prompt: 'prompt', temperature: 'temperature', topK: 'top_k', topP: 'top_p', seed: 'seed' } as const;

/**
 * Reads the widget's state from a query string. Missing or invalid values fall back to the
 * defaults given (so a crafted URL can never put the widget in an invalid state).
 */
export function parseUrlState(search: string, defaults: WidgetState): WidgetState {
  const q = new URLSearchParams(search);
  const fallback = { settings: defaults.settings, seed: defaults.seed };
  const raw = (key: string, value: number | null) => q.get(key) ?? String(value ?? 0);
  const { settings, seed, errors } = validateSettings(
    {
      temperature: raw(KEYS.temperature, defaults.settings.temperature),
      topK: raw(KEYS.topK, defaults.settings.topK),
      topP: raw(KEYS.topP, defaults.settings.topP),
      seed: raw(KEYS.seed, defaults.seed),
    },
    fallback,
  );
  void errors; // invalid values already fell back to the defaults
  return { prompt: (q.get(KEYS.prompt) ?? defaults.prompt).slice(0, MAX_URL_PROMPT), settings, seed };
}

/**
 * Writes the state into a query string, keeping unrelated parameters (e.g. ?backend=wasm) and
 * leaving out values equal to the defaults so shared links stay short.
 */
export function serialiseUrlState(state: WidgetState, defaults: WidgetState, search = ''): string {
  const q = new URLSearchParams(search);
  const put = (key: string, value: string | number | null, def: string | number | null) => {
    if (value === def) q.delete(key);
    else q.set(key, String(value ?? 0)); // top_k=0: off
  };
  put(KEYS.prompt, urlPrompt(state.prompt), defaults.prompt);
  put(KEYS.temperature, state.settings.temperature, defaults.settings.temperature);
  put(KEYS.topK, state.settings.topK, defaults.settings.topK);
  put(KEYS.topP, state.settings.topP, defaults.settings.topP);
  put(KEYS.seed, state.seed, defaults.seed);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The prompt as a link carries it: at most MAX_URL_PROMPT characters (never half a surrogate pair). */
function urlPrompt(prompt: string): string {
  if (prompt.length <= MAX_URL_PROMPT) return prompt;
  const cut = prompt.slice(0, MAX_URL_PROMPT);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

// ---------------------------------------------------------------------------------------------
// Stale-result guard: only the answer to the newest request may reach the screen.

export interface Ticket {
  seq: number;
  key: string; // what the request was for, e.g. prompt + settings
}

/** Hands out increasing tickets; a result is shown only if its ticket is still the latest. */
export class LatestOnly {
  private seq = 0;
  private latest: Ticket | null = null;

  issue(key: string): Ticket {
    this.latest = { seq: ++this.seq, key };
    return this.latest;
  }

  /** True when this ticket belongs to the newest request and asks for what is on screen now. */
  isCurrent(ticket: Ticket, currentKey: string): boolean {
    return isCurrentResult(ticket, this.latest, currentKey);
  }
}

export function isCurrentResult(ticket: Ticket, latest: Ticket | null, currentKey: string): boolean {
  return latest !== null && ticket.seq === latest.seq && ticket.key === currentKey;
}

/** The request key: two requests with equal keys would get equal answers. */
export function requestKey(model: string, prompt: string, settings: SamplingSettings): string {
  return JSON.stringify([model, prompt, settings.temperature, settings.topK, settings.topP]);
}

// ---------------------------------------------------------------------------------------------
// The backend line shown to the reader.

/** "Running on WASM (SIMD, threads); no usable GPU found (no WebGPU adapter)". */
export function backendLine(backend: BackendInfo): string {
  const name = isBackendName(backend.name) ? BACKEND_LABELS[backend.name] : String(backend.name);
  const detail = backend.detail && backend.detail !== name ? ` (${backend.detail})` : '';
  const reason = readableReason(backend.reason ?? '');
  return `Running on ${name}${detail}${reason ? `; ${reason}` : ''}`;
}

/** "webgpu: no usable GPU found; wasm: ..." -> the reasons without backend prefixes, each once. */
function readableReason(reason: string): string {
  const parts = reason
    .split('; ')
    .map((part) => part.replace(/^(webgpu|wasm|webgl|cpu): /, ''))
    .filter((part) => part !== '');
  return [...new Set(parts)].join('; ');
}
