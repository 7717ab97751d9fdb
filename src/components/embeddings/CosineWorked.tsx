// The cosine formula filled in with one pair's real numbers: a few dimensions of each vector, the dot
// product, the two lengths, and the result, plus the same numbers as a table.
import type { EmbeddingCosine } from '../../worker/protocol.ts';
import { fmt, product } from './view.ts';

export default function CosineWorked({ cos }: { cos: EmbeddingCosine }) {
  const rest = cos.dimensions - cos.headA.length;
  const vector = (head: number[]) => `[${head.map((x) => fmt(x)).join(', ')}, … ${rest} more]`;
  return (
    <figure class="embed__cosine" data-testid="embed-cosine" data-a={cos.a.id} data-b={cos.b.id}>
      <figcaption>
        How similar are <span class="embed__token">{cos.a.display}</span> and <span class="embed__token">{cos.b.display}</span>?
      </figcaption>
      <p class="embed__formula">
        <span>a = {vector(cos.headA)}</span>
        <span>b = {vector(cos.headB)}</span>
        <span>
          a · b = {cos.headA.map((x, i) => product(x, cos.headB[i])).join(' + ')} + … ({cos.dimensions} terms) = <strong>{fmt(cos.dot)}</strong>
        </span>
        <span>
          |a| = <strong>{fmt(cos.normA)}</strong>, |b| = <strong>{fmt(cos.normB)}</strong>
        </span>
        <span>
          cos(a, b) = a · b / (|a| |b|) = {fmt(cos.dot)} / ({fmt(cos.normA)} × {fmt(cos.normB)}) = <strong>{fmt(cos.cosine)}</strong>
        </span>
      </p>
      <table class="nt-number-table embed__table" data-testid="embed-cosine-table">
        <caption>The same numbers as a table</caption>
        <tbody>
          <tr data-kind="dot">
            <th scope="row">a · b (all {cos.dimensions} dimensions)</th>
            <td data-value={cos.dot}>{fmt(cos.dot, 4)}</td>
          </tr>
          <tr data-kind="normA">
            <th scope="row">|a|, length of {cos.a.display}</th>
            <td data-value={cos.normA}>{fmt(cos.normA, 4)}</td>
          </tr>
          <tr data-kind="normB">
            <th scope="row">|b|, length of {cos.b.display}</th>
            <td data-value={cos.normB}>{fmt(cos.normB, 4)}</td>
          </tr>
          <tr data-kind="cosine">
            <th scope="row">cos(a, b)</th>
            <td data-value={cos.cosine}>{fmt(cos.cosine, 4)}</td>
          </tr>
        </tbody>
      </table>
    </figure>
  );
}
