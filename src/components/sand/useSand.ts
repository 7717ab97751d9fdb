// What the sand island knows: the settings, the current sprinkle, and a "tap n times" that plays out
// over animation frames (or at once when the reader prefers reduced motion). Draws nothing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, sprinkle, tap, tapMany, type SandState, type Settings } from './simulation.ts';

/** Taps drawn per animation frame while "Tap 100 times" plays (about 50 frames, under a second). */
const TAPS_PER_FRAME = 2;

export interface Sand {
  state: SandState;
  settings: Settings;
  /** True while a run of taps is playing. */
  busy: boolean;
  setSettings(next: Partial<Settings>): void;
  tapOnce(): void;
  tapTimes(n: number): void;
  startAgain(): void;
}

export function useSand(firstSeed = 1): Sand {
  const [settings, setAll] = useState<Settings>(DEFAULT_SETTINGS);
  const [state, setState] = useState<SandState>(() => sprinkle(firstSeed, DEFAULT_SETTINGS.grains));
  const [busy, setBusy] = useState(false);
  const frame = useRef(0);
  const stop = () => {
    cancelAnimationFrame(frame.current);
    frame.current = 0;
    setBusy(false);
  };
  useEffect(() => stop, []);

  const tapTimes = (n: number) => {
    stop();
    if (prefersReducedMotion()) {
      setState((s) => tapMany(s, settings, n));
      return;
    }
    let left = n;
    setBusy(true);
    const step = () => {
      const k = Math.min(TAPS_PER_FRAME, left);
      left -= k;
      setState((s) => tapMany(s, settings, k));
      if (left > 0) frame.current = requestAnimationFrame(step);
      else stop();
    };
    frame.current = requestAnimationFrame(step);
  };

  return {
    state,
    settings,
    busy,
    setSettings(next) {
      const merged = { ...settings, ...next };
      setAll(merged);
      // A new number of grains takes effect at once: the same sprinkle's seed, more or fewer grains.
      if (next.grains !== undefined && next.grains !== settings.grains) {
        stop();
        setState((s) => sprinkle(s.seed, merged.grains));
      }
    },
    tapOnce() {
      stop();
      setState((s) => tap(s, settings));
    },
    tapTimes,
    startAgain() {
      stop();
      setState((s) => sprinkle(s.seed + 1, settings.grains));
    },
  };
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
