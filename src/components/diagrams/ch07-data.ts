// Chapter 7's data, resolved once at build time: the book's training run (public/models/book-small/
// training.json, when `npm run train` has exported it) and the n-gram baselines, taken from that run
// when it carries them, else from ch07-ngram-baselines.json (same code, same data; see
// scripts/ngram-baselines.ts). Vite-only (import.meta.glob): imported by .astro components.
import committed from './ch07-ngram-baselines.json';

import type { Baselines, TrainingRecord } from '../../llm/training-record.ts';

export type { Baselines };

const found = import.meta.glob('../../../public/models/book-small/training.json', { eager: true, import: 'default' });
export const run = Object.values(found)[0] as TrainingRecord | undefined;
export const baselines: Baselines = run?.baselines ?? (committed as Baselines);
