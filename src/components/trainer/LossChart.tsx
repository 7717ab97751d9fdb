// The loss curves: training loss per step (a line) and held-out loss (dots joined by a dashed line),
// against the step. Draws what it is given; the table beside it (LossTable) carries the same numbers.
import type { LossPoint } from './protocol.ts';

const W = 600;
const H = 220;
const PAD = { left: 48, right: 30, top: 14, bottom: 40 };

interface Props {
  train: LossPoint[];
  heldOut: LossPoint[];
  steps: number;
}

export function LossChart({ train, heldOut, steps }: Props) {
  const all = [...train, ...heldOut];
  const top = niceCeil(Math.max(1, ...all.map((p) => p.loss)));
  // The x axis grows with the run (to the last step at most), so a young curve is not a dot at the left.
  const reached = Math.max(0, ...all.map((p) => p.step));
  const lastStep = Math.max(1, Math.min(steps, niceCeil(Math.max(50, reached * 1.25))));
  const x = (step: number) => PAD.left + (step / lastStep) * (W - PAD.left - PAD.right);
  const y = (loss: number) => PAD.top + (1 - Math.min(loss, top) / top) * (H - PAD.top - PAD.bottom);
  const line = (pts: LossPoint[]) => pts.map((p) => `${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join(' ');
  const yTicks = [0, top / 2, top];
  const xTicks = [0, Math.round(lastStep / 2), lastStep];
  return (
    <svg class="trainer__chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training and held-out loss against the step; the same numbers are in the table below.">
      {yTicks.map((t) => (
        <g>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="trainer__grid" />
          <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" class="trainer__tick">
            {t.toFixed(1)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text x={x(t)} y={H - PAD.bottom + 20} text-anchor="middle" class="trainer__tick">
          {t.toLocaleString('en-US')}
        </text>
      ))}
      <text x={(W + PAD.left) / 2} y={H - 4} text-anchor="middle" class="trainer__tick">
        step
      </text>
      <line x1={W - 300} x2={W - 272} y1={PAD.top + 8} y2={PAD.top + 8} class="trainer__train" />
      <text x={W - 266} y={PAD.top + 14} class="trainer__tick">training</text>
      <line x1={W - 170} x2={W - 142} y1={PAD.top + 8} y2={PAD.top + 8} class="trainer__held" />
      <text x={W - 136} y={PAD.top + 14} class="trainer__tick">held-out</text>
      <polyline points={line(train)} class="trainer__train" />
      <polyline points={line(heldOut)} class="trainer__held" />
      {heldOut.map((p) => (
        <circle cx={x(p.step)} cy={y(p.loss)} r="3" class="trainer__held-dot" />
      ))}
    </svg>
  );
}

/** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above v, so the axis reads in round numbers. */
function niceCeil(v: number): number {
  const k = 10 ** Math.floor(Math.log10(v));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * k >= v) ?? 10) * k;
}
