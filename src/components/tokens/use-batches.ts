// Drawing a long list a little at a time: a new list shows its first items at once and the rest in batches,
// one task each, so no single task builds hundreds of elements (a 100 KB paste redraws 2 x 400 chips).
import { useEffect, useMemo, useState } from 'preact/hooks';

/** Items drawn in the first task after a list changes, and in each task after that. */
export const FIRST_BATCH = 100;
export const NEXT_BATCH = 100;

/**
 * The items to draw now. The list the component starts with is drawn whole (it is the build's first render, so
 * hydration matches); a later list starts with `first` items and grows by `next` in each following task.
 */
export function useBatches<T>(items: readonly T[], first = FIRST_BATCH, next = NEXT_BATCH): readonly T[] {
  const [progress, setProgress] = useState({ of: items, drawn: items.length });
  const drawn = progress.of === items ? progress.drawn : Math.min(items.length, first);
  useEffect(() => {
    if (drawn >= items.length) return;
    const timer = setTimeout(() => setProgress({ of: items, drawn: Math.min(items.length, drawn + next) }), 0);
    return () => clearTimeout(timer);
  }, [items, drawn, next]);
  return useMemo(() => (drawn >= items.length ? items : items.slice(0, drawn)), [items, drawn]);
}
