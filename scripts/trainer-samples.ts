// Writes public/trainer/<genre>.txt: short excerpts of the Brown Corpus (the book's training text) for
// chapter 7's in-tab trainer, one genre each, whole documents from the training split, about 50 kB a file.
//   npx node scripts/trainer-samples.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBrown, splitBrown } from './lib/brown.ts';

const GENRES = { news: 'news', fiction: 'adventure', science: 'learned' } as const;
const TARGET_CHARS = 50_000;

const out = join(import.meta.dirname, '..', 'public', 'trainer');
mkdirSync(out, { recursive: true });
const { train } = splitBrown(readBrown());
for (const [file, category] of Object.entries(GENRES)) {
  const parts: string[] = [];
  let size = 0;
  for (const doc of train.filter((d) => d.category === category)) {
    if (size >= TARGET_CHARS) break;
    parts.push(doc.text);
    size += doc.text.length + 2;
  }
  writeFileSync(join(out, `${file}.txt`), parts.join('\n\n') + '\n');
  console.log(`${file}.txt: ${parts.length} documents, ${size.toLocaleString('en-US')} characters`);
}
