// `npm run llm -- info`: what a model folder holds: config, parameter count, file size, dtypes.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { disposeModel } from '../../src/llm/gpt.ts';
import { countParameters, formatCount } from '../../src/llm/params.ts';
import { shortCount } from './count.ts';
import { loadModelArg } from './model-cli.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- info --model DIR [--json]

  Prints the model's config.json, parameter count, model.safetensors size and tensor dtypes.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['model', 'backend'], booleans: ['json'] });
    if (args.positional.length > 0) throw new UsageError(`Unexpected argument "${args.positional[0]}".`);
    const model = await loadModelArg(args);
    const dir = single(args, 'model')!;
    const params = countParameters(model.config);
    const info = {
      config: model.config,
      parameters: params.total,
      fileBytes: statSync(join(dir, 'model.safetensors')).size,
      dtypes: model.info.dtypes,
      ignoredTensors: model.info.ignored,
      tokenizer: model.tokenizer ? { name: model.tokenizer.name, vocabSize: model.tokenizer.vocabSize } : null,
    };
    disposeModel(model);
    if (args.flags.has('json')) {
      process.stdout.write(`${JSON.stringify(info)}\n`);
      return 0;
    }
    const c = model.config;
    process.stdout.write(
      [
        `model       ${dir}`,
        `config      V=${c.vocab_size} P=${c.n_positions} C=${c.n_embd} L=${c.n_layer} H=${c.n_head} eps=${c.layer_norm_epsilon} tied=${c.tie_word_embeddings}`,
        `parameters  ${formatCount(params.total)} (${shortCount(params.total)})`,
        `file        model.safetensors, ${info.fileBytes.toLocaleString('en-US')} bytes`,
        `dtypes      ${Object.entries(info.dtypes).map(([d, n]) => `${d} x ${n}`).join(', ')}`,
        `ignored     ${info.ignoredTensors.length ? info.ignoredTensors.join(', ') : '(none)'}`,
        `tokenizer   ${info.tokenizer ? `${info.tokenizer.name} (${info.tokenizer.vocabSize} tokens)` : '(none: use --ids)'}`,
      ].join('\n') + '\n',
    );
    return 0;
  });
}
