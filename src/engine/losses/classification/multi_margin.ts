import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { list, num } from '../../spec';
import { multiclassMetrics } from '../../metrics/accuracy';
import { checkClassWeights } from './cross_entropy';
import { lit, SAME } from '../../frameworks';
import { torch as torchSrc } from '../../framework-sources';
import { weightList } from './framework_rows';
import { CLASS_TARGET, LOGITS } from './roles';

/** Multi-class hinge loss, `torch.nn.MultiMarginLoss(p, margin, weight)`. */
export const multiMargin: LossSpec = {
  id: 'multi_margin',
  family: 'classification',
  title: 'Multi-class margin (hinge)',
  doc:
    'The multi-class hinge loss of SVMs (Weston and Watkins, Crammer and Singer\'s sum form): every other class j ' +
    'whose logit comes within the margin of the true class\'s adds margin − z_y + z_j (squared for p = 2), averaged ' +
    'over the C classes. Rows classified with a margin to spare cost nothing and get no gradient, unlike ' +
    'cross-entropy, which keeps pushing. Class weights scale a row by the weight of its true class.',
  formula:
    'l_i = (1 / C) Σ_{j ≠ y_i} w_{y_i} max(0, margin − z_{i,y_i} + z_ij)^p;  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} l_i &= \tfrac{1}{C} \textstyle\sum_{j \ne y_i} w_{y_i} \max(0,\ \text{margin} \\ &\qquad - z_{i, y_i} + z_{ij})^p \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: 'torch.nn.MultiMarginLoss',
  convention:
    'PyTorch: the sum over the other classes is divided by C (all classes, the true one included); the class weight ' +
    'w_{y_i} multiplies each term after the power (the kernel\'s order; the docs\' formula puts it inside); mean divides ' +
    'by N, not by Σ w_{y_i} (unlike CrossEntropyLoss). At margin − z_y + z_j = 0 the term\'s gradient is 0 (the kernel ' +
    'counts a term only when it is > 0).',
  roles: [LOGITS, CLASS_TARGET],
  params: [
    {
      name: 'p',
      kind: 'integer',
      default: 1,
      min: 1,
      max: 2,
      doc: 'exponent of each hinge term: 1 (hinge) or 2 (squared hinge)',
    },
    {
      name: 'margin',
      kind: 'number',
      default: 1,
      min: -Infinity,
      max: Infinity,
      ui: { min: 0, max: 5, step: 0.05 },
      sweep: true,
      doc: 'how far the true class\'s logit must exceed every other logit before the row costs nothing',
    },
    {
      name: 'weight',
      kind: 'numberList',
      default: null,
      min: 0,
      max: Infinity,
      doc: 'one weight per class (comma-separated, C values); a row is scaled by its true class\'s weight; none = all 1',
    },
  ],
  check: (p, cols) => checkClassWeights('multi_margin', p, cols),
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const n = b.n;
    const C = b.cols.logits!;
    const power = num(p, 'p');
    const w = list(p, 'weight');
    const y = b.host.target!;
    // Host masks: the true class (to pick z_y) and the others (the terms summed), and each row's
    // factor w_{y_i} / C.
    const onehot = new Float32Array(n * C);
    const others = new Float32Array(n * C).fill(1);
    const rowScale = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const k = i * C + y[i];
      onehot[k] = 1;
      others[k] = 0;
      rowScale[i] = (w ? w[y[i]] : 1) / C;
    }
    const z = b.t.logits!;
    const zy = tf.sum(tf.mul(z, tf.tensor2d(onehot, [n, C])), 1, true);
    // relu's gradient at 0 is 0, as the kernel's `z > 0`.
    const hinge = tf.relu(tf.add(tf.sub(z, zy), num(p, 'margin')));
    const terms = tf.mul(power === 2 ? tf.square(hinge) : hinge, tf.tensor2d(others, [n, C]));
    return { values: tf.mul(tf.sum(terms, 1), tf.tensor1d(rowScale)) as tf.Tensor1D };
  },
  metrics: multiclassMetrics,
  frameworks: [
    {
      framework: 'pytorch',
      api: 'torch.nn.MultiMarginLoss',
      verified: 'executed',
      source: torchSrc('MultiMarginLoss'),
      build: (c) => {
        const w = weightList(c);
        const args = [`p=${num(c.params, 'p')}`, `margin=${lit(num(c.params, 'margin'))}`, ...(w ? [`weight=torch.tensor(${w})`] : [])];
        return { call: `nn.MultiMarginLoss(${args.join(', ')})(logits, target)`, reduction: 'mean', ...SAME('Loss Lab follows PyTorch: class weights scale each row, and mean divides by N (not by Σ w).') };
      },
    },
  ],
  code: {
    pytorch: (c) => ({
      kind: 'builtin',
      callee: 'nn.MultiMarginLoss',
      args: [
        ['p', c.p('p')],
        ['margin', c.p('margin')],
        ['weight', c.p('weight')],
      ],
      note: 'The sum over the other classes is divided by C; mean divides by N (not by the sum of the class weights).',
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'keras.losses.CategoricalHinge is the Crammer-Singer max form on one-hot targets; this is PyTorch\'s MultiMarginLoss ' +
        '(sum over the other classes / C, weight of the true class after the power, mean over N).',
      body: [
        't = ops.cast(ops.reshape(target, (-1,)), "int32")',
        'num_classes = ops.shape(logits)[-1]',
        'onehot = ops.one_hot(t, num_classes, dtype=logits.dtype)',
        'z_y = ops.sum(logits * onehot, axis=-1, keepdims=True)',
        `h = ops.maximum(${c.v('margin')} - z_y + logits, 0.0) * (1 - onehot)`,
        `loss = ops.sum(h if ${c.v('p')} == 1 else h * h, axis=-1) / ops.cast(num_classes, logits.dtype)`,
        `if ${c.v('weight')} is not None:`,
        `    loss = loss * ops.take(ops.convert_to_tensor(${c.v('weight')}, dtype=logits.dtype), t)`,
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note:
        'optax.multiclass_hinge_loss is the Crammer-Singer max form; this is PyTorch\'s MultiMarginLoss (sum over the other ' +
        'classes / C, weight of the true class after the power, mean over N).',
      body: [
        'num_classes = logits.shape[-1]',
        'onehot = jax.nn.one_hot(target, num_classes, dtype=logits.dtype)',
        'z_y = jnp.sum(logits * onehot, axis=-1, keepdims=True)',
        `h = jnp.maximum(${c.v('margin')} - z_y + logits, 0.0) * (1 - onehot)`,
        `loss = jnp.sum(h if ${c.v('p')} == 1 else h * h, axis=-1) / num_classes`,
        `if ${c.v('weight')} is not None:`,
        `    loss = loss * jnp.asarray(${c.v('weight')})[target]`,
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: 'PyTorch\'s MultiMarginLoss: sum over the other classes / C, weight of the true class after the power, mean over N.',
      body: [
        'const numClasses = logits.shape[1];',
        "const t = tf.cast(target, 'int32');",
        'const onehot = tf.oneHot(t, numClasses);',
        'const zY = tf.sum(tf.mul(logits, onehot), 1, true);',
        `const h = tf.mul(tf.relu(tf.add(tf.sub(logits, zY), ${c.v('margin')})), tf.sub(1, onehot));`,
        `const perRow = tf.div(tf.sum(${c.v('p')} === 1 ? h : tf.square(h), 1), numClasses);`,
        `const loss = ${c.v('weight')} === null ? perRow : tf.mul(perRow, tf.gather(tf.tensor1d(${c.v('weight')}), t));`,
      ].join('\n'),
    }),
  },
};
