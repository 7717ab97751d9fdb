// Plain tsc (`npx tsc --noEmit`, the second step of `npm run check`) cannot read .astro files; this lets a .ts
// file re-export them (src/components/index.ts, which the chapters' MDX imports). `astro check` and the build
// read the real components and their Props.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
