// `npm run bench [-- SECTION ...] [--quick]`: runs the benchmark sections listed in
// scripts/bench/registry.ts (all by default) and prints each one's markdown report on stdout.
// Progress notes go to stderr.

import { sections } from './bench/registry.ts';

console.log = console.info = console.warn = console.error; // TF.js notices stay off stdout

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const unknownFlag = args.find((a) => a.startsWith('--') && a !== '--quick');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !Object.hasOwn(sections, n));
if (unknownFlag || unknown.length) {
  process.stderr.write(`Unknown ${unknownFlag ? `option ${unknownFlag}` : `section(s) ${unknown.join(', ')}`}. Sections: ${Object.keys(sections).join(', ')}; option: --quick.\n`);
  process.exit(2);
}
for (const name of names.length ? names : Object.keys(sections)) {
  const section = await sections[name]();
  process.stderr.write(`== ${section.title}\n`);
  const t0 = performance.now();
  const report = await section.run({ quick, log: (line) => process.stderr.write(`  ${line}\n`) });
  process.stdout.write(`## ${section.title}\n\n${report.trim()}\n\n_(section took ${((performance.now() - t0) / 1000).toFixed(1)} s)_\n\n`);
}
