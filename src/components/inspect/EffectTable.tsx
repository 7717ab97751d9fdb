// Before and after the knock-outs, side by side: the top token's change, the KL divergence, and
// a table of the likeliest tokens with both probabilities as bars and numbers.
import type { InspectionResult } from '../../worker/inspect-types.ts';
import { formatProbability, quoteToken } from '../predict/view.ts';
import { formatChange } from './view.ts';

/** Bars are scaled to the largest probability in the table, so small ones stay visible. */
function Bar({ p, max, after = false }: { p: number; max: number; after?: boolean }) {
  return <span class={after ? 'inspect__bar inspect__bar--after' : 'inspect__bar'} style={{ width: `${((p / max) * 5).toFixed(2)}rem` }} aria-hidden="true" />;
}

export default function EffectTable({ result }: { result: InspectionResult }) {
  const e = result.effect;
  if (!e) {
    return (
      <p class="inspect__note" data-testid="knockout-summary">
        Nothing is switched off: the model's top guess is {quoteToken(result.next[0].text)} at {formatProbability(result.next[0].probability)}.
        Switch off a head, an MLP or a whole block to see what changes.
      </p>
    );
  }
  const max = Math.max(...e.rows.flatMap((r) => [r.before, r.after]), 1e-9);
  const newTop = result.next[0];
  return (
    <>
      <p class="inspect__summary" data-testid="knockout-summary">
        Top token {quoteToken(e.topToken.text)}: {formatProbability(e.topBefore)} before, {formatProbability(e.topAfter)} after (
        {formatChange(e.topBefore, e.topAfter)}).
        {newTop.id !== e.topToken.id && ` The top token is now ${quoteToken(newTop.text)} at ${formatProbability(newTop.probability)}.`} KL divergence from
        before to after: {e.kl.toFixed(3)} nats.
      </p>
      <div class="inspect__scroll" tabIndex={0} role="region" aria-label="Before and after table">
        <table class="inspect__table inspect__lens" data-testid="knockout-table">
          <caption>Next-token probabilities, before and after</caption>
          <thead>
            <tr><th scope="col">Token</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Change</th></tr>
          </thead>
          <tbody>
            {e.rows.map((r) => (
              <tr key={r.token.id} data-token-id={r.token.id}>
                <th scope="row">{r.token.display}</th>
                <td><Bar p={r.before} max={max} />{formatProbability(r.before)}</td>
                <td><Bar p={r.after} max={max} after />{formatProbability(r.after)}</td>
                <td>{formatChange(r.before, r.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
