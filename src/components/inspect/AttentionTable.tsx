// The table alternative of one head's weights: a row per query token, a column per key token,
// the future (masked) left empty. Also what the e2e tests read.
import type { Activation } from '../../llm/index.ts';
import type { TokenView } from '../../worker/protocol.ts';
import { formatWeight, headName, headWeight } from './view.ts';

interface Props {
  attention: Activation;
  layer: number;
  head: number;
  tokens: TokenView[];
}

export default function AttentionTable({ attention, layer, head, tokens }: Props) {
  return (
    <details class="inspect__details">
      <summary>Show these weights as a table</summary>
      <div class="inspect__scroll" tabIndex={0} role="region" aria-label={`${headName(layer, head)} as a table`}>
        <table class="inspect__table" data-testid="attention-table" data-layer={layer + 1} data-head={head + 1}>
          <caption>
            {headName(layer, head)}: rows are queries, columns are keys; each row adds up to 1
          </caption>
          <thead>
            <tr>
              <td />
              {tokens.map((t, j) => (
                <th scope="col" key={j}>{t.display}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tokens.map((t, i) => (
              <tr key={i}>
                <th scope="row">{t.display}</th>
                {tokens.map((_, j) => (
                  <td key={j}>{formatWeight(headWeight(attention, layer, head, i, j), j > i)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
