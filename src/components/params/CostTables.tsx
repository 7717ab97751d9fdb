// What N parameters cost: bytes in each number format, and training compute for D tokens.
import { BYTES_PER_PARAMETER, formatCount } from '../../llm/params.ts';
import { formatBytes, formatScientific, type Totals } from './calc.ts';

interface Props {
  result: Totals;
  tokens: number;
}

export function MemoryTable({ result }: Pick<Props, 'result'>) {
  return (
    <div class="param-calc__scroll" tabIndex={0} role="region" aria-label="Memory, scrollable">
      <table class="nt-number-table param-calc__table" data-testid="param-calc-memory">
        <caption>Memory for the weights alone (N × bytes per parameter)</caption>
        <thead>
          <tr>
            <th scope="col">Format</th>
            <th scope="col">Bytes each</th>
            <th scope="col">Bytes</th>
            <th scope="col">About</th>
          </tr>
        </thead>
        <tbody>
          {result.memory.map(({ format, bytes }) => (
            <tr key={format} data-kind={format}>
              <th scope="row">{format}</th>
              <td>{BYTES_PER_PARAMETER[format]}</td>
              <td data-value={bytes}>{formatCount(bytes)}</td>
              <td>{formatBytes(bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ComputeLine({ result, tokens }: Props) {
  return (
    <p class="param-calc__compute" data-testid="param-calc-compute" data-value={result.flops}>
      Training compute ≈ 6 × N × D = 6 × {formatCount(result.chosen)} × {formatCount(tokens)} ≈{' '}
      <strong>{formatScientific(result.flops)}</strong> floating-point operations.
    </p>
  );
}
