// "One head, step by step" for the selected query token, with the head's real numbers: q·k for
// every key, divided by √d, the causal mask, softmax, and the weighted sum of the value vectors
// (the first few of their d numbers, and each vector's length).
import type { Activation, HeadDetail } from '../../llm/index.ts';
import type { TokenView } from '../../worker/protocol.ts';
import { quoteToken } from '../predict/view.ts';
import { formatNorm, headName, headWeight } from './view.ts';

interface Props {
  detail: HeadDetail | null; // null while the numbers for this head are being computed
  attention: Activation;
  layer: number;
  head: number;
  query: number;
  tokens: TokenView[];
  headSize: number;
}

const DIMS = 3; // value dimensions shown

function row(a: Activation, r: number): Float32Array {
  const D = a.shape[1];
  return a.data.subarray(r * D, (r + 1) * D);
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] ** 2;
  return Math.sqrt(s);
}

const fmt = (x: number) => x.toFixed(2);

function Vector({ v }: { v: Float32Array }) {
  return (
    <>
      {Array.from(v.subarray(0, DIMS), (x, d) => (
        <td key={d}>{fmt(x)}</td>
      ))}
      <td>{formatNorm(norm(v))}</td>
    </>
  );
}

export default function HeadSteps({ detail, attention, layer, head, query, tokens, headSize }: Props) {
  const q = tokens[query];
  const keys = tokens.slice(0, query + 1);
  const later = tokens.length - 1 - query;
  const root = Math.sqrt(headSize);
  const title = `${headName(layer, head)}, query ${quoteToken(q.text)}`;
  if (!detail || detail.layer !== layer || detail.head !== head) return <p class="inspect__note">Computing {headName(layer, head)} step by step…</p>;
  return (
    <div class="inspect__steps" data-testid="head-steps">
      <p>
        <strong>1–4. Scores to weights.</strong> The query vector of {quoteToken(q.text)} is multiplied with the key vector of every token up
        to it (q·k), divided by √d = √{headSize} ≈ {root.toFixed(2)}, and softmax turns the results into weights that add up to 1.
        {later > 0 && ` The mask hides the ${later} later ${later === 1 ? 'token' : 'tokens'} (score −∞, weight 0).`}
      </p>
      <div class="inspect__scroll" tabIndex={0} role="region" aria-label={`${title}: scores`}>
        <table class="inspect__table" data-testid="steps-scores">
          <caption>{title}: from scores to weights</caption>
          <thead>
            <tr><th scope="col">Key</th><th scope="col">q·k</th><th scope="col">÷ √d</th><th scope="col">softmax</th></tr>
          </thead>
          <tbody>
            {keys.map((k, j) => {
              const dot = row(detail.dots, query)[j];
              return (
                <tr key={j}>
                  <th scope="row">{k.display}</th>
                  <td>{fmt(dot)}</td>
                  <td>{fmt(dot / root)}</td>
                  <td>{headWeight(attention, layer, head, query, j).toFixed(3)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <strong>5. The weighted sum.</strong> Each key's value vector ({headSize} numbers; the first {DIMS} are shown, and its length) is
        multiplied by its weight, and the results are added up: that sum is what this head passes on for {quoteToken(q.text)}.
      </p>
      <div class="inspect__scroll" tabIndex={0} role="region" aria-label={`${title}: weighted sum`}>
        <table class="inspect__table" data-testid="steps-values">
          <caption>{title}: value vectors and their weighted sum</caption>
          <thead>
            <tr>
              <th scope="col">Key</th><th scope="col">weight</th>
              {Array.from({ length: DIMS }, (_, d) => <th scope="col" key={d}>v[{d + 1}]</th>)}
              <th scope="col">length</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k, j) => (
              <tr key={j}>
                <th scope="row">{k.display}</th>
                <td>{headWeight(attention, layer, head, query, j).toFixed(3)}</td>
                <Vector v={row(detail.values, j)} />
              </tr>
            ))}
            <tr class="inspect__total">
              <th scope="row">Weighted sum</th>
              <td />
              <Vector v={row(detail.mixed, query)} />
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
