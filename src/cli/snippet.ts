/** `loss-lab snippet`: the code of a loss, with the given hyperparameters, for one framework. */
import { CodegenError, CONVENTIONS, FRAMEWORK_LABELS, FRAMEWORKS, generateFor, generateObjective, OBJECTIVE_FRAMEWORKS, OBJECTIVE_LABELS, type Convention, type Framework, type ObjectiveFramework } from '../codegen';
import { LOSSES } from '../engine/registry';
import { REDUCTIONS, type Reduction } from '../engine/spec';
import { describeOptions, parseArgs, parseNameValues, type OptionSpec } from './args';
import type { Command } from './command';
import { requireLoss } from './eval';
import { UsageError } from './usage-error';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'loss', kind: 'value', arg: 'ID', doc: 'the loss (see loss-lab list)' },
  { name: 'framework', kind: 'value', arg: [...FRAMEWORKS, ...OBJECTIVE_FRAMEWORKS].join('|'), doc: 'target framework (default pytorch); lightgbm: a custom objective, for lambdamart' },
  { name: 'param', kind: 'value', repeat: true, arg: 'NAME=VALUE', doc: 'a hyperparameter; lists comma-separated (weight=1,2,1.5), none for unset' },
  { name: 'reduction', kind: 'value', arg: 'mean|sum|none', doc: "default: the loss's default (mean)" },
  { name: 'weighted', kind: 'flag', doc: 'take per-sample weights as the last argument (losses with a weight role)' },
  { name: 'javascript', kind: 'flag', doc: 'tfjs: plain JavaScript instead of TypeScript' },
  { name: 'convention', kind: 'value', arg: CONVENTIONS.join('|'), doc: "loss-lab (default): code computing Loss Lab's convention; builtin: the framework's own built-in with its own defaults, with a comment naming how its value differs (see loss-lab parity)" },
];

export function snippetHelp(): string {
  const frameworks = [
    ...FRAMEWORKS.map((f) => `  ${f.padEnd(9)}${FRAMEWORK_LABELS[f]}`),
    ...OBJECTIVE_FRAMEWORKS.map((f) => `  ${f.padEnd(9)}${OBJECTIVE_LABELS[f]} custom objective: def objective(preds, train_data) -> (grad, hess), numpy only`),
  ].join('\n');
  return `Usage: loss-lab snippet --loss ID [--framework ${[...FRAMEWORKS, ...OBJECTIVE_FRAMEWORKS].join('|')}] [--param NAME=VALUE]...
                        [--reduction mean|sum|none] [--weighted] [--javascript] [--convention ${CONVENTIONS.join('|')}]

Prints self-contained code computing the loss with the given hyperparameters, as the engine does.
PyTorch code binds \`criterion\`, called with the loss's roles in the order of loss-lab list
(e.g. criterion(logits, target), criterion(query, score, relevance)); Keras and JAX bind
\`loss_fn\`, TensorFlow.js \`lossFn\`; LightGBM (lambdamart only) \`objective\`. A header comment states the convention followed where
frameworks differ; a usage comment gives the call and the inputs' dtypes and shapes.

Options:
${describeOptions(OPTIONS)}

Frameworks:
${frameworks}

Losses: ${LOSSES.map((l) => l.id).join(', ')}
`;
}

export const snippetCommand: Command = {
  name: 'snippet',
  summary: 'print code for the loss in PyTorch, Keras, JAX or TensorFlow.js',
  run: async (argv, io) => {
    const args = parseArgs('snippet', argv, OPTIONS);
    if (args.help) return io.out(snippetHelp());
    const id = args.values.loss;
    if (!id) throw new UsageError('snippet needs --loss ID (see loss-lab snippet --help)');
    const spec = requireLoss(id);
    const framework = (args.values.framework ?? 'pytorch') as Framework;
    if (OBJECTIVE_FRAMEWORKS.includes(framework as string as ObjectiveFramework)) {
      for (const flag of ['weighted', 'javascript']) if (args.flags.has(flag)) throw new UsageError(`--${flag} does not apply to --framework ${framework}`);
      if (args.values.reduction !== undefined) throw new UsageError(`--reduction does not apply to --framework ${framework} (an objective gives per-row gradients)`);
      try {
        return await io.out(generateObjective(spec, parseNameValues(args.lists.param ?? [], 'param'), framework as string as ObjectiveFramework));
      } catch (e) {
        if (e instanceof CodegenError) throw new UsageError(e.message);
        throw e;
      }
    }
    if (!FRAMEWORKS.includes(framework)) {
      throw new UsageError(`unknown framework ${framework} (frameworks: ${[...FRAMEWORKS, ...OBJECTIVE_FRAMEWORKS].join(', ')})`);
    }
    const reduction = args.values.reduction as Reduction | undefined;
    if (reduction !== undefined && !REDUCTIONS.includes(reduction)) {
      throw new UsageError(`--reduction must be one of ${REDUCTIONS.join(', ')}, got ${reduction}`);
    }
    if (args.flags.has('javascript') && framework !== 'tfjs') throw new UsageError('--javascript applies to --framework tfjs only');
    const convention = (args.values.convention ?? 'loss-lab') as Convention;
    if (!CONVENTIONS.includes(convention)) throw new UsageError(`--convention must be one of ${CONVENTIONS.join(', ')}, got ${convention}`);
    try {
      await io.out(
        generateFor(spec, parseNameValues(args.lists.param ?? [], 'param'), framework, {
          reduction,
          weighted: args.flags.has('weighted'),
          typescript: !args.flags.has('javascript'),
          convention,
        }),
      );
    } catch (e) {
      // Bad parameters, a reduction the loss lacks, --weighted without a weight role: usage errors.
      if (e instanceof CodegenError) throw new UsageError(e.message);
      throw e;
    }
  },
};
