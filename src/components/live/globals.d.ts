// What is in scope inside a live code block (src/examples/*.ts): TF.js and the book's small API.
// Declared globally so the example files type-check exactly as readers see them, chained tensor
// methods (x.add(y), w.transpose()) included.

import * as tfModule from '@tensorflow/tfjs-core';
import type { BookApi } from './book-api.ts';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

declare global {
  export import tf = tfModule;
  const book: BookApi;
}
