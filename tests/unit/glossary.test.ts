// The glossary is complete: every link into it from any page lands on an entry, and every term a chapter sets in
// bold is defined there (the rule for "term" is in glossary-terms.ts). Also the popover's pure helpers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { glossaryEntries } from './glossary-entries.ts';
import { boldTerms, namesTerm } from './glossary-terms.ts';
import { glossaryTarget } from '../../src/components/glossary/popover.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'src', 'content', 'docs');
const CHAPTERS = readdirSync(join(DOCS, 'chapters')).filter((f) => f.endsWith('.mdx')).sort();
const read = (path: string) => readFileSync(join(DOCS, path), 'utf8');
const entries = glossaryEntries(read('glossary.mdx'));
const ids = new Set(entries.map((e) => e.id));
const terms = entries.map((e) => e.term);

describe('the glossary is complete', () => {
  test('every link into the glossary, from chapters, landing page and acknowledgements, lands on an entry', () => {
    let links = 0;
    for (const file of [...CHAPTERS.map((f) => `chapters/${f}`), 'index.mdx', 'acknowledgements.mdx', 'glossary.mdx']) {
      for (const m of read(file).matchAll(/glossary\/#([\w-]+)/g)) {
        expect(ids.has(m[1]), `${file} links to glossary #${m[1]}`).toBe(true);
        links++;
      }
    }
    expect(links).toBeGreaterThan(80);
  });

  test.each(CHAPTERS)('every bold term in %s is defined in the glossary', (file) => {
    const missing = boldTerms(read(`chapters/${file}`)).filter((b) => !namesTerm(b.text, terms) && !isToyToken(b.text));
    expect(missing.map((b) => `line ${b.line}: **${b.text}**`)).toEqual([]);
  });

  test('the rule tells labels, links and terms apart', () => {
    const sample = [
      '**Loss.** A label opens the paragraph.',
      '',
      '- **Greedy**: a label opens the list item, and **softmax** in running text is a term,',
      '  as is **[RLHF](../../glossary/#rlhf)**, which links, while **wizardry** is not in the glossary.',
    ].join('\n');
    const found = boldTerms(sample).map((b) => b.text);
    expect(found).toEqual(['softmax', 'wizardry']);
    expect(namesTerm('softmax', terms)).toBe(true);
    expect(namesTerm('logits', terms)).toBe(true);
    expect(namesTerm('wizardry', terms)).toBe(false);
  });

  test('the chapters open definitions in place: every chapter includes the glossary popover', () => {
    for (const file of CHAPTERS) expect(read(`chapters/${file}`), file).toContain('<GlossaryPopover />');
  });
});

/** Chapter 3's hand-worked BPE sets the toy tokens it builds in bold (**at**, **c · h · at**); they are not terms. */
function isToyToken(text: string): boolean {
  return /^[a-z]{1,3}( · [a-z]{1,3})*$/.test(text);
}

describe('glossary popover links', () => {
  const page = 'https://example.org/next-token/chapters/04-attention/';
  test('finds the term of a glossary link under any base path', () => {
    const t = glossaryTarget('../../glossary/#kv-cache', page);
    expect(t?.id).toBe('kv-cache');
    expect(t?.page.href).toBe('https://example.org/next-token/glossary/');
  });
  test('ignores links that are not to a glossary entry', () => {
    expect(glossaryTarget('../../glossary/', page)).toBeUndefined();
    expect(glossaryTarget('../05-mlp-and-the-block/#gelu', page)).toBeUndefined();
    expect(glossaryTarget('http://[bad', page)).toBeUndefined();
  });
});
