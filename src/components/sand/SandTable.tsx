// The sand simulation as tables: grains per sag, and every grain's position and loss.
import { loss, SAGS, sagOf, type Point } from './surface.ts';
import type { Summary } from './simulation.ts';

interface Props {
  summary: Summary;
  grains: Point[];
}

export function SandTable({ summary, grains }: Props) {
  return (
    <details class="sand__tables">
      <summary>The simulation as a table</summary>
      <div class="nt-scroll" tabIndex={0} role="region" aria-label="The simulation as a table, scrollable">
      <table data-testid="sand-table">
        <caption>Where the grains are after {summary.taps} taps</caption>
        <thead>
          <tr>
            <th scope="col">Place</th>
            <th scope="col">Loss at its bottom</th>
            <th scope="col">Grains</th>
          </tr>
        </thead>
        <tbody>
          {SAGS.map((s, i) => (
            <tr data-place={s.name}>
              <th scope="row">{s.name}</th>
              <td>{loss(s).toFixed(2)}</td>
              <td>{summary.perSag[i]}</td>
            </tr>
          ))}
          <tr data-place="still moving">
            <th scope="row">still moving (between sags)</th>
            <td>–</td>
            <td>{summary.between}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr data-place="mean loss">
            <th scope="row">mean loss of all grains</th>
            <td>{summary.meanLoss.toFixed(2)}</td>
            <td>{grains.length}</td>
          </tr>
        </tfoot>
      </table>
      </div>
      <div class="nt-scroll" tabIndex={0} role="region" aria-label="Every grain, scrollable">
      <table data-testid="sand-grains">
        <caption>Every grain (its two weights, x and y, from −1 to 1)</caption>
        <thead>
          <tr>
            <th scope="col">Grain</th>
            <th scope="col">x</th>
            <th scope="col">y</th>
            <th scope="col">Loss</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {grains.map((g, i) => {
            const sag = sagOf(g);
            return (
              <tr data-x={g.x} data-y={g.y}>
                <th scope="row">{i + 1}</th>
                <td>{g.x.toFixed(3)}</td>
                <td>{g.y.toFixed(3)}</td>
                <td>{loss(g).toFixed(3)}</td>
                <td>{sag < 0 ? 'still moving' : SAGS[sag].name}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
    </details>
  );
}
