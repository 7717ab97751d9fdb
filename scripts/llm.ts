// `npm run llm -- <command> [options]`: one small dispatcher over a table of commands.
// Each command lives in scripts/cli/<name>.ts and exports `usage` and `run(argv) -> exit code`; `--help` is
// answered here, for every command, with its usage. To add a command, add one line to the table.

// TF.js prints notices ("Hi, looks like you are running TensorFlow.js in Node.js...") with
// console.log/warn; stdout belongs to the commands (--json must be the only thing there).
console.log = console.info = console.warn = console.error;

interface Command {
  usage: string;
  run(argv: string[]): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
  logits: () => import('./cli/logits.ts'),
  generate: () => import('./cli/generate.ts'),
  count: () => import('./cli/count.ts'),
  info: () => import('./cli/info.ts'),
  tokenize: () => import('./cli/tokenize.ts'),
  detokenize: () => import('./cli/detokenize.ts'),
  'train-tokenizer': () => import('./cli/train-tokenizer.ts'),
  eval: () => import('./cli/eval.ts'),
  inspect: () => import('./cli/inspect.ts'),
};

const [name, ...argv] = process.argv.slice(2);
const list = `Commands: ${Object.keys(commands).join(', ')}. Run "npm run llm -- <command> --help" for its options.`;

if (name === undefined || name === '--help' || name === 'help') {
  process.stdout.write(`Usage: npm run llm -- <command> [options]\n${list}\n`);
  process.exitCode = name === undefined ? 2 : 0;
} else if (!Object.hasOwn(commands, name)) {
  process.stderr.write(`Unknown command "${name}". ${list}\n`);
  process.exitCode = 2;
} else {
  const command = await commands[name]();
  if (argv.includes('--help') || argv.includes('-h')) process.stdout.write(`${command.usage}\n`);
  else process.exitCode = await command.run(argv);
}
