// "Watch BPE learn": the pair counts that chose a merge, most frequent first; a table, so it reads the
// same to everyone. The first row is the pair the trainer merged.
import type { PairCount } from './bpe-stepper.ts';

interface Props {
  top: PairCount[];
  step: number; // merges applied; the table shows the counts that chose merge `step` (at 0: the counts now)
}

export default function PairTable({ top, step }: Props) {
  if (top.length === 0) return <p class="bpe-lab__none">No two tokens stand side by side any more: nothing is left to merge.</p>;
  return (
    <table class="bpe-lab__pairs" data-testid="pair-counts">
      <caption>{step === 0 ? 'The most frequent pairs now: the first one will be merged next' : `The most frequent pairs when merge ${step} was chosen`}</caption>
      <thead>
        <tr>
          <th scope="col">Pair</th>
          <th scope="col">Times seen</th>
        </tr>
      </thead>
      <tbody>
        {top.map((pair, i) => (
          <tr key={`${pair.left}-${pair.right}`} class={i === 0 && step > 0 ? 'bpe-lab__chosen' : undefined} data-left={pair.left} data-right={pair.right} data-count={pair.count}>
            <th scope="row">
              <code>{pair.display[0]}</code> + <code>{pair.display[1]}</code>
              {i === 0 && step > 0 && <span class="bpe-lab__tag"> merged</span>}
            </th>
            <td>{pair.count.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
