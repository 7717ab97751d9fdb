// The rule for "a term the chapters use": every link to the glossary, and every bold phrase in running text.
// A bold phrase that opens a paragraph or a list item is a label ("**Loss.** ..."), not a term; a bold phrase
// that is a link is checked as a link. Every other bold phrase must name a glossary entry (plurals allowed).
export interface BoldTerm {
  text: string;
  line: number;
}

/** Markdown prose only: frontmatter, code, math, ESM and JSX lines blanked (line numbers kept). */
function proseLines(mdx: string): string[] {
  const blank = (s: string) => s.replace(/[^\n]/g, '');
  return mdx
    .replace(/^---[\s\S]*?---/, blank)
    .replace(/```[\s\S]*?```/g, blank)
    .replace(/\$\$[\s\S]*?\$\$/g, blank)
    .replace(/\$[^$\n]*\$/g, 'MATH')
    .split('\n')
    .map((l) => (/^(import |<)/.test(l.trim()) ? '' : l));
}

const LIST_ITEM = /^\s*(?:[-*]|\d+\.)\s+/;

export function boldTerms(mdx: string): BoldTerm[] {
  const lines = proseLines(mdx);
  const terms: BoldTerm[] = [];
  lines.forEach((line, i) => {
    const paragraphStart = i === 0 || lines[i - 1].trim() === '';
    const lead = LIST_ITEM.test(line) || paragraphStart ? line.replace(LIST_ITEM, '').trimStart() : undefined;
    for (const m of line.matchAll(/\*\*([^*]+)\*\*/g)) {
      const text = m[1];
      const atStart = lead !== undefined && lead.startsWith(m[0]);
      if (atStart || /\]\(/.test(text)) continue;
      terms.push({ text, line: i + 1 });
    }
  });
  return terms;
}

const normalise = (s: string) => s.toLowerCase().replace(/[.:,;]+$/, '').trim();

/** Does a bold phrase name this glossary term (singular or plural, any case)? */
export function namesTerm(text: string, terms: string[]): boolean {
  const t = normalise(text);
  return terms.some((term) => {
    const g = normalise(term);
    return t === g || t === `${g}s` || t === `${g}es` || `${t}s` === g;
  });
}
