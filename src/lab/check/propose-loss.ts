/** The catalog loss a user's loss should equal, proposed from its name and parameter names (./loss-symbols.ts finds them). */
import { LOSSES } from '../../engine/registry';

/** Words in a name: `SigmoidFocalLoss` → sigmoid focal loss; `smooth_l1_loss` → smooth l1 loss. */
function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_\-]+/g, ' ').toLowerCase();
}

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(sigmoid|binary|bce)\b.*\bfocal\b|\bfocal\b.*\b(sigmoid|binary)\b/, 'sigmoid_focal'],
  [/\bfocal\b/, 'focal'],
  [/\bsmooth ?l1\b/, 'smooth_l1'],
  [/\bhuber\b/, 'huber'],
  [/\blog ?cosh\b/, 'log_cosh'],
  [/\b(quantile|pinball)\b/, 'quantile'],
  [/\b(mse|l2|squared)\b/, 'mse'],
  [/\b(l1|mae|abs|absolute)\b/, 'l1'],
  [/\b(bce|binary)\b/, 'bce_with_logits'],
  [/\b(cross ?entropy|ce|nll|softmax)\b/, 'cross_entropy'],
  [/\branknet\b/, 'ranknet'],
  [/\blambda ?rank\b/, 'lambdarank'],
  [/\blistnet\b/, 'listnet'],
  [/\blistmle\b/, 'listmle'],
  [/\bpointwise\b/, 'pointwise_mse'],
  [/\bsoft\b.*\bcontrastive\b/, 'soft_contrastive'],
  [/\bcontrastive\b/, 'contrastive'],
  [/\btriplet\b.*\b(mined|hard|semi ?hard|batch)\b|\b(batch|hard)\b.*\btriplet\b/, 'triplet_mined'],
  [/\btriplet\b/, 'triplet'],
];

/**
 * Catalog losses ranked for a symbol: first the one its name says, then those its parameter names
 * suggest, then the rest in catalog order (for the quick pick).
 */
export function proposeLosses(symbol: string, params: readonly string[]): string[] {
  const w = words(symbol);
  const ranked: string[] = [];
  for (const [re, id] of RULES) if (re.test(w) && !ranked.includes(id)) ranked.push(id);
  const p = new Set(params.map((x) => x.toLowerCase()));
  const byParams: string[] = [];
  if (p.has('anchor')) byParams.push('triplet');
  if (p.has('x1') || p.has('margin')) byParams.push('contrastive');
  if (p.has('embeddings') || p.has('embedding')) byParams.push('triplet_mined');
  if (p.has('logits')) byParams.push('cross_entropy');
  if (p.has('logit')) byParams.push('bce_with_logits');
  if (p.has('relevance') || p.has('scores')) byParams.push('listnet');
  if (p.has('delta')) byParams.push('huber');
  if (p.has('beta')) byParams.push('smooth_l1');
  if (p.has('gamma')) byParams.push('focal');
  for (const id of [...byParams, ...LOSSES.map((l) => l.id)]) if (!ranked.includes(id)) ranked.push(id);
  return ranked;
}
