// The loss curves as a table: one row per held-out evaluation, with the mean training loss of the steps
// since the row before.
import type { LossPoint } from './protocol.ts';

interface Props {
  train: LossPoint[];
  heldOut: LossPoint[];
}

export interface LossRow {
  step: number;
  trainLoss: number | null; // mean over the steps since the previous row; null at step 0
  heldOutLoss: number;
}

function lossRows(train: LossPoint[], heldOut: LossPoint[]): LossRow[] {
  let prev = 0;
  return heldOut.map((h) => {
    const since = train.filter((p) => p.step > prev && p.step <= h.step);
    prev = h.step;
    const trainLoss = since.length ? since.reduce((s, p) => s + p.loss, 0) / since.length : null;
    return { step: h.step, trainLoss, heldOutLoss: h.loss };
  });
}

export function LossTable({ train, heldOut }: Props) {
  const rows = lossRows(train, heldOut);
  return (
    <details class="trainer__table">
      <summary>The losses as a table</summary>
      <table data-testid="trainer-table">
        <caption>Loss in nats per token (lower is better)</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Training loss</th>
            <th scope="col">Held-out loss</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-step={r.step}>
              <th scope="row">{r.step.toLocaleString('en-US')}</th>
              <td>{r.trainLoss === null ? '–' : r.trainLoss.toFixed(3)}</td>
              <td>{r.heldOutLoss.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
