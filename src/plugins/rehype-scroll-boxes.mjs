// Rehype plugin for the chapters' wide content: every Markdown table sits in its own labelled, keyboard-scrollable
// box (.nt-scroll), display equations become such boxes themselves, and KaTeX's hidden MathML copy (with its TeX
// source) is kept out of the Pagefind index, so search excerpts show each formula once, as the reader sees it.
// The boxes' scroll hint is CSS (custom.css, .nt-scroll); scroll-boxes.js fits equations to the column.

/** @typedef {{ type: string, tagName?: string, value?: string, properties?: Record<string, any>, children?: HNode[] }} HNode */

/** @param {HNode} node */
const classesOf = (node) => (Array.isArray(node.properties?.className) ? node.properties.className : []);

/** @param {HNode} node @returns {string} */
function textOf(node) {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/** A name for a table's box: its caption, else its column headings. @param {HNode} table */
function tableLabel(table) {
  /** @type {HNode[]} */
  const found = [];
  /** @param {HNode} n */
  const collect = (n) => {
    if (n.tagName === 'caption' || n.tagName === 'th') found.push(n);
    if (n.tagName !== 'tbody') (n.children ?? []).forEach(collect);
  };
  collect(table);
  const caption = found.find((n) => n.tagName === 'caption');
  const text = caption ? textOf(caption) : found.map(textOf).map((t) => t.trim()).filter(Boolean).join(', ');
  const clean = text.replace(/\s+/g, ' ').trim();
  return `Table: ${clean.length > 80 ? `${clean.slice(0, 79)}…` : clean || 'scrolls sideways'}`;
}

/** @param {HNode} table @returns {HNode} */
function scrollBoxFor(table) {
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: ['nt-scroll', 'nt-table'], tabIndex: 0, role: 'region', ariaLabel: tableLabel(table) },
    children: [table],
  };
}

/** Cells this short (numbers, "GELU(x)") never wrap: a box that scrolls beats "96 ×" over "128". */
const NO_WRAP_CHARS = 24;

export default function rehypeScrollBoxes() {
  /** @param {HNode} node */
  const walk = (node) => {
    const classes = classesOf(node);
    if ((node.tagName === 'td' || node.tagName === 'th') && textOf(node).trim().length <= NO_WRAP_CHARS) {
      node.properties = { ...node.properties, className: [...classes, 'nt-nowrap'] };
    }
    if (classes.includes('katex-display')) {
      node.properties = { ...node.properties, className: [...classes, 'nt-scroll'], tabIndex: 0, role: 'group', ariaLabel: 'Equation' };
    }
    if (classes.includes('katex-mathml')) node.properties = { ...node.properties, dataPagefindIgnore: '' };
    node.children = (node.children ?? []).map((child) =>
      child.type === 'element' && child.tagName === 'table' && !classes.includes('nt-scroll') ? scrollBoxFor(child) : child,
    );
    node.children.forEach(walk);
  };
  return walk;
}
