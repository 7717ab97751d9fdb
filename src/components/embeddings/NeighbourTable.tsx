// The nearest tokens of the query, most similar first, each with a button that puts it in the cosine.
import type { EmbeddingNeighbour, TokenView } from '../../worker/protocol.ts';
import { fmt } from './view.ts';

interface Props {
  token: TokenView;
  neighbours: EmbeddingNeighbour[];
  /** The token now on the right of the worked cosine. */
  pairedId: number;
  onCompare: (id: number) => void;
  disabled: boolean;
}

export default function NeighbourTable({ token, neighbours, pairedId, onCompare, disabled }: Props) {
  return (
    <table class="nt-number-table embed__table" data-testid="embed-neighbours" data-query-id={token.id}>
      <caption>
        Nearest tokens to <span class="embed__token">{token.display}</span> by cosine similarity
      </caption>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Token</th>
          <th scope="col">Cosine</th>
          <th scope="col">
            <span class="sr-only">Show the cosine</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {neighbours.map((n, i) => (
          <tr key={n.token.id} data-token-id={n.token.id} data-similarity={n.similarity}>
            <td>{i + 1}</td>
            <th scope="row">
              <span class="embed__token">{n.token.display}</span> <span class="embed__id">id {n.token.id}</span>
            </th>
            <td>{fmt(n.similarity)}</td>
            <td>
              <button type="button" class="embed__pick" aria-pressed={pairedId === n.token.id} disabled={disabled} onClick={() => onCompare(n.token.id)}>
                <span class="sr-only">Show the cosine of {token.display} and {n.token.display}</span>
                <span aria-hidden="true">cos</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
