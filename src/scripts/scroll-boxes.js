// Inlined into every page's <head> (astro.config.mjs). Display equations a little wider than their column are
// typeset smaller to fit (down to MIN_SCALE; wider ones keep scrolling in their box, with the CSS scroll hint),
// and a scroll box is a tab stop only while it actually scrolls. Without JavaScript every box stays a tab stop.
(() => {
  const MIN_SCALE = 0.75;
  const KATEX_EM = 1.21; // .katex { font-size: 1.21em } in katex.css
  const fit = () => {
    for (const box of document.querySelectorAll('.katex-display')) {
      const math = box.firstElementChild;
      if (!(math instanceof HTMLElement)) continue;
      math.style.fontSize = '';
      const ratio = box.clientWidth / box.scrollWidth;
      if (ratio < 1 && ratio >= MIN_SCALE) math.style.fontSize = `${(KATEX_EM * ratio * 0.98).toFixed(3)}em`;
    }
    for (const box of document.querySelectorAll('.nt-scroll')) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      box.toggleAttribute('data-scrolls', scrolls);
      if (scrolls) box.setAttribute('tabindex', '0');
      else box.removeAttribute('tabindex');
    }
  };
  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fit);
  };
  document.addEventListener('DOMContentLoaded', () => {
    fit();
    document.fonts?.ready.then(schedule);
  });
  addEventListener('resize', schedule);
  addEventListener('load', schedule);
})();
