// Chapter 6's worked example, in one place so the diagram, the text and the content test agree:
// a 4-number "last vector", a 4 x 5 unembedding matrix, and the five candidate tokens it scores.
import { softmax } from '../../llm/sample.ts';

export const TOKENS = [' mat', ' floor', ' sofa', ' roof', ' moon'];
/** The final vector of the last position (after the final layer norm), C = 4. */
export const LAST_VECTOR = [1, 0.5, -1, 2];
/** One column of W_U per candidate token (C = 4 rows each). */
export const UNEMBEDDING_COLUMNS = [
  [1, 2, 0, 1],
  [0.5, 1, -0.5, 1],
  [1, 0, 0.5, 0.5],
  [-0.5, 1, 0, 0.5],
  [-1, 0, 1, 0],
];

/** logit_i = last vector . column i */
export function exampleLogits(): number[] {
  return UNEMBEDDING_COLUMNS.map((col) => col.reduce((sum, w, j) => sum + w * LAST_VECTOR[j], 0));
}

export function exampleProbabilities(temperature = 1): number[] {
  return softmax(exampleLogits(), temperature);
}
