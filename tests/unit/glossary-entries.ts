// Reads the glossary's entries out of its MDX source (<dt id>Term</dt><dd>definition</dd>, grouped under
// "## A" letter headings) for the content and glossary tests.
export interface GlossaryEntry {
  term: string;
  id: string;
  /** The "## X" heading the entry sits under. */
  letter: string;
  body: string;
}

export function glossaryEntries(mdx: string): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  let letter = '';
  const re = /^## (.)$|<dt id="([^"]+)">([^<]+)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/gm;
  for (const m of mdx.matchAll(re)) {
    if (m[1] !== undefined) letter = m[1];
    else entries.push({ id: m[2], term: m[3].trim(), letter, body: m[4].trim() });
  }
  return entries;
}

/** Heading or term text -> anchor, the way github-slugger (Starlight) makes them for these plain names. */
export function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
