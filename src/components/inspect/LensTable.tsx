// The logit lens as a table: for the token after the prompt, the model's top guesses if it
// stopped after the embedding and after each block, with how long the residual stream is there
// and how much that block's attention and MLP added. Bars repeat the printed numbers.
import type { InspectionResult } from '../../worker/inspect-types.ts';
import { formatProbability, quoteToken } from '../predict/view.ts';
import { formatNorm, stageName } from './view.ts';

function Bar({ value, max, after = false }: { value: number; max: number; after?: boolean }) {
  const width = max > 0 ? (value / max) * 4 : 0;
  return <span class={after ? 'inspect__bar inspect__bar--after' : 'inspect__bar'} style={{ width: `${width.toFixed(2)}rem` }} aria-hidden="true" />;
}

export default function LensTable({ result }: { result: InspectionResult }) {
  const last = result.tokens[result.tokens.length - 1];
  const maxNorm = Math.max(...result.residualNorms, ...result.attentionNorms, ...result.mlpNorms);
  const n = result.lens[0]?.length ?? 0;
  return (
    <>
    <p class="inspect__note">
      Each row: the top {n} tokens if the model stopped there, the length of the residual stream at the last token, and how
      much that block's attention and MLP added to it (the length of what each one added).
    </p>
    <div class="inspect__scroll" tabIndex={0} role="region" aria-label="Logit lens table">
      <table class="inspect__table inspect__lens" data-testid="lens-table">
        <caption>The guess after {quoteToken(last.text)}, stage by stage</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            {Array.from({ length: n }, (_, k) => <th scope="col" key={k}>Guess {k + 1}</th>)}
            <th scope="col">Stream length</th>
            <th scope="col">Attention added</th>
            <th scope="col">MLP added</th>
          </tr>
        </thead>
        <tbody>
          {result.lens.map((row, stage) => (
            <tr key={stage}>
              <th scope="row">{stageName(stage)}</th>
              {row.map((t, k) => (
                <td key={k} data-token-id={t.id}>
                  <Bar value={t.probability} max={1} />
                  <span class="inspect__guess">{t.display}</span> {formatProbability(t.probability)}
                </td>
              ))}
              <td><Bar value={result.residualNorms[stage]} max={maxNorm} />{formatNorm(result.residualNorms[stage])}</td>
              <td>{stage > 0 && <><Bar value={result.attentionNorms[stage - 1]} max={maxNorm} />{formatNorm(result.attentionNorms[stage - 1])}</>}</td>
              <td>{stage > 0 && <><Bar value={result.mlpNorms[stage - 1]} max={maxNorm} after />{formatNorm(result.mlpNorms[stage - 1])}</>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}
