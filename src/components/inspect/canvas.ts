// Drawing attention weights on a canvas (thumbnails and the big heatmap). The colours come from
// CSS (the canvas's own `color`), so both themes work and a theme switch only needs a redraw.

import { useEffect, useState } from 'preact/hooks';

/** Changes whenever the page's theme does (Starlight sets <html data-theme>), to trigger redraws. */
export function useTheme(): string {
  const [theme, setTheme] = useState('');
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setTheme(root.dataset.theme ?? '');
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

/** A canvas sized for the screen's pixel density; returns its 2D context in CSS pixels. */
export function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/**
 * T x T weights as squares of `size` px at (x0, y0): the ink colour at the weight's strength
 * (0 transparent, 1 solid); the masked future is left blank.
 */
export function drawWeights(ctx: CanvasRenderingContext2D, weight: (i: number, j: number) => number, T: number, size: number, x0 = 0, y0 = 0): void {
  const ink = getComputedStyle(ctx.canvas).color;
  ctx.fillStyle = ink;
  for (let i = 0; i < T; i++) {
    for (let j = 0; j <= i; j++) {
      ctx.globalAlpha = Math.min(1, Math.max(0, weight(i, j)));
      ctx.fillRect(x0 + j * size, y0 + i * size, size, size);
    }
  }
  ctx.globalAlpha = 1;
}
