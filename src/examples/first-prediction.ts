// Chapter 1: the book's model reads a prompt and gives every token it knows a probability of being next.
// Change: the prompt (keep it short; the model was trained on 1960s American English prose).
// Look for: the five most likely next tokens. Their probabilities add up to less than 1, because the
// thousands of other tokens share what is left.
const prompt = 'The man said that he';

const model = await book.loadModel();
const { ids, pieces } = await book.tokenize(prompt);
console.log(`${ids.length} tokens:`, pieces.join(' | '));

const { logits } = await model.forward(ids); // [T, V]: one row of scores per position
const last = logits.slice([ids.length - 1, 0], [1, -1]).reshape([-1]); // [V]: scores for the next token
const probs = tf.softmax(last); // [V]: scores -> probabilities that add up to 1
const { values, indices } = tf.topk(probs, 5);

const p = await values.data();
const id = await indices.data();
const top5 = Array.from(id, (tokenId, i) => ({
  token: model.tokenizer.displayToken(tokenId),
  probability: Number(p[i].toFixed(4)),
}));
top5
