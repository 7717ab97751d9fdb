// Chapter 2: the dot product measures how much two vectors point the same way; cosine similarity
// divides out their lengths so only the direction counts.
// Change: the numbers in the vectors (try making `car` point like `cat`), or add a fourth word.
// Look for: cat·dog is large, cat·car is small; cosine stays between -1 and 1 whatever the lengths.
const cat = [0.9, 0.8, 0.1];
const dog = [0.8, 0.9, 0.2];
const car = [0.1, 0.2, 0.9];

function dot(a: number[], b: number[]): number {
  return a.reduce((sum, ai, i) => sum + ai * b[i], 0); // multiply matching entries, add them up
}

function length(a: number[]): number {
  return Math.sqrt(dot(a, a));
}

function cosine(a: number[], b: number[]): number {
  return dot(a, b) / (length(a) * length(b));
}

console.log('cat · dog =', dot(cat, dog).toFixed(3), '  cosine', cosine(cat, dog).toFixed(3));
console.log('cat · car =', dot(cat, car).toFixed(3), '  cosine', cosine(cat, car).toFixed(3));

// Doubling a vector doubles the dot product but leaves the cosine alone.
const bigCat = cat.map((x) => 2 * x);
console.log('bigCat · dog =', dot(bigCat, dog).toFixed(3), '  cosine', cosine(bigCat, dog).toFixed(3));

// The same with TF.js: a matrix times its own transpose gives every pairwise dot product at once.
const words = tf.tensor2d([cat, dog, car]); // [3, 3]: one row per word
tf.matMul(words, words.transpose()) // [3, 3]: entry (i, j) = word i · word j
