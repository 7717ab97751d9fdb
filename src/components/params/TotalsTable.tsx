// Totals with and without the small families, and the N that memory and compute use.
import { formatCount } from '../../llm/params.ts';
import type { Choices, Totals } from './calc.ts';

interface Props {
  result: Totals;
  choices: Choices;
}

function chosenLabel({ biases, layerNorms }: Choices): string {
  if (biases && layerNorms) return 'N: everything stored';
  if (!biases && !layerNorms) return 'N: stored, without biases and layer norms';
  return biases ? 'N: stored, with biases, without layer norms' : 'N: stored, with layer norms, without biases';
}

export default function TotalsTable({ result, choices }: Props) {
  const { breakdown } = result.count;
  const rows: [key: string, label: string, value: number][] = [
    ['weightsOnly', 'Weight matrices (the tally above)', result.weightsOnly],
    ['positionEmbedding', 'Position embeddings (context × width)', breakdown.positionEmbedding],
    ['withoutSmall', choices.tied ? 'Stored, without biases and layer norms (unembedding tied)' : 'Stored, without biases and layer norms', result.withoutSmall],
    ['biases', 'Biases', breakdown.biases],
    ['layerNorms', 'Layer norm gains and biases', breakdown.layerNorms],
    ['withSmall', 'Stored, with biases and layer norms', result.withSmall],
    ['chosen', chosenLabel(choices), result.chosen],
  ];
  return (
    <div class="param-calc__scroll" tabIndex={0} role="region" aria-label="Totals, scrollable">
      <table class="nt-number-table param-calc__table" data-testid="param-calc-totals">
        <caption>Totals</caption>
        <thead>
          <tr>
            <th scope="col">What is counted</th>
            <th scope="col">Parameters</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, label, value]) => (
            <tr key={key} data-kind={key} class={key === 'chosen' ? 'param-calc__chosen' : undefined}>
              <th scope="row">{label}</th>
              <td data-value={value}>{formatCount(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
