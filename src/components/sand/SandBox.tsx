// Chapter 7's fabric-and-sand analogy as a simulation: grains (settings of a toy model's two weights)
// sprinkled on a loss surface, each tap a noisy gradient step. The hook runs it; this draws it.
import { useId } from 'preact/hooks';
import { SandMap } from './SandMap.tsx';
import { SandTable } from './SandTable.tsx';
import { describe, LIMITS, noiseScale, summarize } from './simulation.ts';
import { useSand } from './useSand.ts';

export default function SandBox() {
  const id = useId();
  const sand = useSand();
  const { state, settings } = sand;
  const summary = summarize(state);
  const text = describe(summary);
  return (
    <div class="nt-island sand not-content" data-testid="sand" data-busy={sand.busy ? 'true' : 'false'}>
      <div class="sand__stage">
        <SandMap grains={state.grains} label={`The fabric from above, sprinkle ${state.seed}. ${text}`} />
        <div class="sand__controls">
          <div class="sand__field">
            <label for={`${id}-lr`}>Learning rate: {settings.learningRate.toFixed(3)}</label>
            <input
              id={`${id}-lr`}
              type="range"
              min={LIMITS.learningRate.min}
              max={LIMITS.learningRate.max}
              step="0.005"
              value={settings.learningRate}
              onInput={(e) => sand.setSettings({ learningRate: Number((e.target as HTMLInputElement).value) })}
            />
          </div>
          <div class="sand__field">
            <label for={`${id}-batch`}>Batch size (less noise when larger)</label>
            <select
              id={`${id}-batch`}
              value={settings.batchSize}
              onChange={(e) => sand.setSettings({ batchSize: Number((e.target as HTMLSelectElement).value) })}
            >
              {LIMITS.batchSize.map((b) => (
                <option value={b}>
                  {b} (noise {noiseScale(b).toFixed(2)})
                </option>
              ))}
            </select>
          </div>
          <div class="sand__field">
            <label for={`${id}-grains`}>Grains: {settings.grains}</label>
            <input
              id={`${id}-grains`}
              type="range"
              min={LIMITS.grains.min}
              max={LIMITS.grains.max}
              step="5"
              value={settings.grains}
              aria-describedby={`${id}-grains-hint`}
              onInput={(e) => sand.setSettings({ grains: Number((e.target as HTMLInputElement).value) })}
            />
            <small id={`${id}-grains-hint`}>Changing it sprinkles again.</small>
          </div>
          <div class="sand__buttons">
            <button type="button" onClick={sand.tapOnce}>
              Tap
            </button>
            <button type="button" onClick={() => sand.tapTimes(100)} disabled={sand.busy}>
              Tap 100 times
            </button>
            <button type="button" onClick={sand.startAgain}>
              Start again with a new sprinkle
            </button>
          </div>
        </div>
      </div>
      <p class="sand__description" aria-live="polite" data-testid="sand-description">
        {sand.busy ? 'Tapping…' : `Sprinkle ${state.seed}. ${text}`}
      </p>
      <SandTable summary={summary} grains={state.grains} />
    </div>
  );
}
