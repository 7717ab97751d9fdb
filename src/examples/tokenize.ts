// Chapter 3: the tokenizer cuts text into pieces it has in its vocabulary and numbers each piece.
// Change: the sentence. Try a rare word, a made-up word, a number, an emoji, or another language.
// Look for: common words are one token (with their leading space, shown as ␣); rare words break into
// several pieces; decoding the ids gives back exactly the text you started with.
const sentence = 'The tokenizer splits unbelievably long words into pieces.';

const { ids, pieces } = await book.tokenize(sentence);
console.log(`${sentence.length} characters -> ${ids.length} tokens`);
for (let i = 0; i < ids.length; i++) {
  console.log(String(ids[i]).padStart(5), pieces[i]);
}

const roundTrip = await book.decode(ids);
console.log('decode(encode(text)) === text:', roundTrip === sentence);
ids
