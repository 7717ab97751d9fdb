// What is in scope inside a live code block (src/live/*.ts): TF.js and the book's small API.
// Declared globally so the example files type-check exactly as readers see them.

declare const tf: typeof import('@tensorflow/tfjs-core');
declare const book: import('./book-api.ts').BookApi;
