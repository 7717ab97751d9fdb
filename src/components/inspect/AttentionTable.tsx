// The table alternative of one head's weights in the inspection islands, folded away under the heatmap.
// Also what the e2e tests read.
import type { Activation } from '../../llm/index.ts';
import type { TokenView } from '../../worker/protocol.ts';
import { HeadTable } from './HeadTable.tsx';
import { headName, headWeight } from './view.ts';

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
        <HeadTable
          class="inspect__table"
          data-testid="attention-table"
          data-layer={layer + 1}
          data-head={head + 1}
          tokens={tokens.map((t) => t.display)}
          weight={(i, j) => headWeight(attention, layer, head, i, j)}
          corner="query"
          caption={`${headName(layer, head)}: rows are queries, columns are keys; each row adds up to 1`}
        />
      </div>
    </details>
  );
}
