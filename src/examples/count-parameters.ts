// Chapter 8: where GPT-3's 175 billion parameters live, counted from its shape alone.
// Change: the preset ('gpt2', 'gpt2-xl', 'book-small', 'book-tiny' ...), or the by-hand formula.
// Look for: the by-hand count and the book's counter agree; the MLP matrices hold about two thirds.
const preset = 'gpt3';
const counts = book.countParameters(preset);

for (const row of counts.rows.filter((r) => r.weightsOnly)) {
  console.log(row.label.padEnd(20), book.formatCount(row.count).padStart(18));
}
console.log('weights only'.padEnd(20), book.formatCount(counts.weightsOnly).padStart(18));

// By hand for GPT-3: V = 50,257 tokens, C = 12,288 dims, L = 96 layers, MLP width 4C.
const V = 50257;
const C = 12288;
const L = 96;
const embedAndUnembed = 2 * V * C;
const attention = L * 4 * C * C; // query, key, value, output: four C x C matrices per layer
const mlp = L * 2 * C * (4 * C); // up C x 4C and down 4C x C per layer
const byHand = embedAndUnembed + attention + mlp;
console.log('by hand'.padEnd(20), book.formatCount(byHand).padStart(18), byHand === counts.weightsOnly ? '(matches)' : '(differs)');

// The smaller models, for scale (every stored parameter, biases and layer norms included).
for (const name of ['gpt2', 'book-small', 'book-tiny']) {
  console.log(name.padEnd(20), book.formatCount(book.countParameters(name).total).padStart(18));
}
`MLP share: ${((100 * mlp) / byHand).toFixed(1)}%`
