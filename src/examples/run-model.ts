// Chapter 6: let the book's model write. It predicts a token, appends it, and repeats.
// Change: the prompt, the temperature (0 = always the most likely token), topK, topP or the seed.
// Look for: temperature 0 repeats itself; higher temperatures wander; the same seed gives the same text.
// The model is small and was trained for minutes, so expect plausible-looking English, not sense.
const prompt = 'It was a dark and';

const model = await book.loadModel();
const text = await book.generate(model, prompt, {
  maxNewTokens: 30,
  temperature: 0.8,
  topK: 40,
  topP: 1,
  seed: 1,
});
console.log(prompt + text);
