// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import starlightLinksValidator from 'starlight-links-validator';
import tfjsWasm from './src/integrations/tfjs-wasm.ts';
import { ISOLATION_HEADERS, registerIsolationScript } from './src/integrations/cross-origin-isolation.ts';
import rehypeScrollBoxes from './src/plugins/rehype-scroll-boxes.mjs';
import { readFileSync } from 'node:fs';

// Deploy under a sub-path with BASE_PATH=/next-token/ (GitHub Pages project sites, for example).
const base = normaliseBase(process.env.BASE_PATH ?? '/');
const site = process.env.SITE_URL ?? 'http://localhost:4321';

/** "/next-token" and "next-token/" both become "/next-token/"; "" and "/" stay "/". @param {string} path */
function normaliseBase(path) {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

const chapters = [
  ['chapters/01-the-big-picture', 'The 20,000-foot view'],
  ['chapters/02-the-math-you-need', 'The math you need'],
  ['chapters/03-text-to-vectors', 'From text to vectors'],
  ['chapters/04-attention', 'Attention'],
  ['chapters/05-mlp-and-the-block', 'The MLP and the block'],
  ['chapters/06-next-token', 'From vectors to the next token'],
  ['chapters/07-training', 'Training'],
  ['chapters/08-counting-parameters', "Counting GPT-3's 175 billion parameters"],
  ['chapters/09-beyond-the-toy', 'Beyond the toy'],
  ['chapters/10-the-modern-picture', 'The modern picture'],
];

export default defineConfig({
  site,
  base,
  trailingSlash: 'ignore',
  // The toolbar is a dev-only overlay the book does not use; it also loads its own scripts late.
  devToolbar: { enabled: false },
  // Cross-origin isolation (TF.js WASM on every core) in astro dev and astro preview; see the README, Deploying.
  server: { headers: ISOLATION_HEADERS },
  integrations: [
    starlight({
      title: 'Next Token',
      description: 'How large language models work, explained in plain words and math, with a real transformer running in your browser.',
      favicon: '/favicon.svg',
      // No alt: the site title is written right beside the logo, so a screen reader would hear it twice.
      logo: { src: './src/assets/logo.svg' },
      customCss: ['katex/dist/katex.min.css', './src/styles/custom.css'],
      components: { Hero: './src/components/overrides/Hero.astro' },
      head: [
        { tag: 'meta', attrs: { property: 'og:image', content: new URL(`${base}social-card.png`, site).href } },
        { tag: 'meta', attrs: { name: 'twitter:card', content: 'summary_large_image' } },
        { tag: 'script', content: registerIsolationScript(base) },
        { tag: 'script', content: readFileSync(new URL('./src/scripts/scroll-boxes.js', import.meta.url), 'utf8') },
      ],
      sidebar: [
        { label: 'Start here', link: '/' },
        {
          label: 'Chapters',
          items: chapters.map(([slug, label], i) => ({ label: `${i + 1}. ${label}`, slug })),
        },
        {
          label: 'Reference',
          items: [
            { label: 'Glossary', slug: 'glossary' },
            { label: 'Acknowledgements and sources', slug: 'acknowledgements' },
          ],
        },
      ],
      plugins: [starlightLinksValidator({ errorOnLocalLinks: true, errorOnRelativeLinks: false })],
      lastUpdated: false,
    }),
    mdx(),
    preact(),
    tfjsWasm(),
  ],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex, rehypeScrollBoxes],
  },
  vite: {
    // tfjs-backend-wasm ships CommonJS glue (wasmWorkerContents); Vite must pre-bundle it for the dev server.
    // Its .wasm binaries are served separately by src/integrations/tfjs-wasm.ts. Listing the packages the
    // workers import lets the dev server pre-bundle them up front instead of answering "504 Outdated Optimize Dep".
    optimizeDeps: {
      include: [
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-backend-wasm',
        '@tensorflow/tfjs-backend-webgpu',
        '@tensorflow/tfjs-backend-webgl',
        '@tensorflow/tfjs-backend-cpu',
        'sucrase',
        '@codemirror/view',
        '@codemirror/state',
        '@codemirror/commands',
        '@codemirror/language',
        '@codemirror/lang-javascript',
        '@codemirror/autocomplete',
        'gpt-tokenizer/bpeRanks/r50k_base',
      ],
    },
    // Module workers, code-split: the model worker loads only the TF.js backend it picks.
    worker: { format: 'es' },
  },
});
