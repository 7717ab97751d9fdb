// The matrix-by-matrix tally (3Blue1Brown's eight kinds), drawn from a ParamCount.
import { formatCount, type ParamCount } from '../../llm/params.ts';

interface Props {
  count: ParamCount;
  tied: boolean;
}

export default function TallyTable({ count, tied }: Props) {
  const rows = count.rows.filter((r) => r.weightsOnly);
  return (
    <div class="param-calc__scroll" tabIndex={0} role="region" aria-label="Weight matrices, scrollable">
      <table class="nt-number-table param-calc__table" data-testid="param-calc-tally">
        <caption>Weight matrices, in the order the data meets them</caption>
        <thead>
          <tr>
            <th scope="col">Matrix</th>
            <th scope="col">Shape of one</th>
            <th scope="col">How many</th>
            <th scope="col">Parameters</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.kind} data-kind={r.kind}>
              <th scope="row">
                {r.label}
                {r.kind === 'unembedding' && tied ? <span class="param-calc__note"> (tied: the embedding reused, stored once)</span> : null}
              </th>
              <td class="param-calc__shape">{r.shape.map(formatCount).join(' × ')}</td>
              <td data-value={r.matrices}>{formatCount(r.matrices)}</td>
              <td data-value={r.count}>{formatCount(r.count)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-kind="weightsOnly">
            <th scope="row">All weight matrices</th>
            <td></td>
            <td data-value={count.weightsOnlyMatrices}>{formatCount(count.weightsOnlyMatrices)}</td>
            <td data-value={count.weightsOnly}>{formatCount(count.weightsOnly)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
