// Chapter 9: why a language model finds "how many r's are in strawberry?" hard.
// Change: the word. Try 'raspberry', 'Mississippi', or the word with a leading space.
// Look for: the model never sees letters, only token ids; "strawberry" arrives as a few chunks, so
// counting the r's means remembering how each chunk is spelled.
const word = 'strawberry';

const { ids, pieces } = await book.gpt2Tokenize(word);
console.log(`GPT-2 sees ${ids.length} tokens:`, pieces.map((p) => `[${p}]`).join(' '), 'ids', ids.join(', '));

const withSpace = await book.gpt2Tokenize(' ' + word);
console.log('with a leading space:', withSpace.pieces.map((p) => `[${p}]`).join(' '), 'ids', withSpace.ids.join(', '));

// Counting letters is trivial when you can see them ...
const letters = [...word].filter((ch) => ch === 'r').length;
// ... but the model would have to know how many r's hide inside each token id.
const perToken = pieces.map((p) => `${p}: ${[...p].filter((ch) => ch === 'r').length}`);
console.log('r per token:', perToken.join(', '));
`"${word}" has ${letters} r's in ${word.length} letters but only ${ids.length} tokens`
