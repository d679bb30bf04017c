/**
 * PyTorch's `F.pairwise_distance(a, b, p, eps=1e-6)` = ‖a − b + eps‖_p written for the frameworks
 * that lack it, as helper definitions the similarity losses' templates place before their code.
 * The eps is added to each component of the difference (not to the norm), as PyTorch does.
 */
import type { TemplateContext } from './template-types';

const DOC = '||a - b + 1e-6||_p over the last axis, as torch.nn.functional.pairwise_distance.';

export const KERAS_PAIRWISE_DISTANCE = [
  'def pairwise_distance(a, b, p=2.0):',
  `    """${DOC}"""`,
  '    return ops.sum(ops.abs(a - b + 1e-6) ** p, axis=-1) ** (1.0 / p)',
].join('\n');

export const JAX_PAIRWISE_DISTANCE = [
  'def pairwise_distance(a, b, p=2.0):',
  `    """${DOC}"""`,
  '    return jnp.sum(jnp.abs(a - b + 1e-6) ** p, axis=-1) ** (1.0 / p)',
].join('\n');

/**
 * tfjs: |v| as v · sign(v) (gradient 0 at 0 like PyTorch, where tf.abs gives −1), and 1e-30 under
 * the root so that a difference cancelling the eps exactly gets gradient 0, not NaN (∞ · 0); 1e-30
 * is far below float32 resolution of any distance that is not exactly 0.
 */
export function tfjsPairwiseDistance(c: TemplateContext): string {
  return [
    `/** ${DOC} Gradient 0 (not NaN) at distance 0. */`,
    `function pairwiseDistance(a${c.ts(': tf.Tensor')}, b${c.ts(': tf.Tensor')}, p = 2)${c.ts(': tf.Tensor')} {`,
    '  const v = tf.add(tf.sub(a, b), 1e-6);',
    '  if (p === 2) return tf.sqrt(tf.add(tf.sum(tf.square(v), -1), 1e-30));',
    '  const absV = tf.mul(v, tf.sign(v)); // |v| with gradient 0 at 0, as PyTorch (tf.abs gives -1)',
    '  return tf.pow(tf.add(tf.sum(tf.pow(absV, p), -1), 1e-30), 1 / p);',
    '}',
  ].join('\n');
}
