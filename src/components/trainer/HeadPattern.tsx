// One attention head of the model being trained, over a fixed text: a grid whose cell (row i, column j) says how
// much token i looks at token j. It is redrawn with each sample, so the reader sees a pattern take shape (on the
// counting task, heads learn to look back at the previous number). The grid is a table: its numbers are the chart.
import { HeadTable } from '../inspect/HeadTable.tsx';
import type { HeadPattern as Pattern } from './protocol.ts';

export function HeadPattern({ pattern }: { pattern: Pattern }) {
  const { step, layer, head, tokens, weights } = pattern;
  const title = `Block ${layer + 1}, head ${head + 1}: where each token looks, after step ${step.toLocaleString('en-US')}`;
  return (
    <div class="trainer__pattern">
      <div class="nt-scroll nt-table" tabindex={0} role="region" aria-label={`Table: ${title}`}>
        <HeadTable
          class="trainer__pattern-table"
          data-testid="trainer-pattern"
          data-step={step}
          tokens={tokens}
          weight={(i, j) => weights[i][j]}
          corner="looking token"
          shade
          caption={`${title}. Each row is a token; each cell is the share of its attention on the token at the top of that column (rows add up to 1; a token cannot look ahead).`}
        />
      </div>
    </div>
  );
}
