/**
 * The sources framework rows cite: repository, file, function and the commit that was read (see
 * docs/research/conventions.md, "Sources"). PyTorch and torchvision rows are also executed in the
 * tests against the installed Debian packages (torch 1.13, torchvision 0.14); TF.js rows against
 * the @tensorflow/tfjs-core in node_modules.
 */
import type { SourceRef } from './frameworks';

const KERAS = { repo: 'keras-team/keras', commit: '3422977a5e38fb2f7709aaa9a08e47f0c43d0f60', file: 'keras/src/losses/losses.py' };
const OPTAX = { repo: 'google-deepmind/optax', commit: '2edbcbe2390da13983b92cbef94ac0460ecde1c5' };
const TFJS = { repo: 'tensorflow/tfjs', commit: '0fc04d958ea592f3b8db79a8b3b497b5c8904097' };
const TORCH = { repo: 'pytorch/pytorch', commit: '60ceafb3839ed350e1cf028c6888a28fdad246dd', file: 'torch/nn/modules/loss.py' };
const PML = { repo: 'KevinMusgrave/pytorch-metric-learning', commit: '216a792c22b0154d3d3bf008a7317edc7d677e71' };
const TFR = { repo: 'tensorflow/ranking', commit: '5b1d1338c1cb76507466d062e2d48bae57b17ac4' };

export const keras = (fn: string): SourceRef => ({ ...KERAS, function: fn });
export const optax = (file: 'regression' | 'classification' | 'segmentation' | 'self_supervised', fn: string): SourceRef => ({ ...OPTAX, file: `optax/losses/_${file}.py`, function: fn });
export const tfjs = (file: string, fn: string): SourceRef => ({ ...TFJS, file: `tfjs-core/src/ops/losses/${file}.ts`, function: fn });
export const torch = (cls: string): SourceRef => ({ ...TORCH, function: cls });
export const TORCHVISION_FOCAL: SourceRef = {
  repo: 'pytorch/vision',
  commit: '148ddaaa5d27abc8300dbb4e689d1aea31892930',
  file: 'torchvision/ops/focal_loss.py',
  function: 'sigmoid_focal_loss',
};
export const TFA_CONTRASTIVE: SourceRef = {
  repo: 'tensorflow/addons',
  commit: 'd208d752e98c310280938efa939117bf635a60a8',
  file: 'tensorflow_addons/losses/contrastive.py',
  function: 'contrastive_loss',
};
export const pml = (file: string, cls: string): SourceRef => ({ ...PML, file: `src/pytorch_metric_learning/${file}`, function: cls });
export const tfr = (file: string, fn: string): SourceRef => ({ ...TFR, file: `tensorflow_ranking/python/${file}`, function: fn });
export const ALLRANK_RANKNET: SourceRef = {
  repo: 'allegro/allRank',
  commit: 'c88475661cb72db292d13283fdbc4f2ae6498ee4',
  file: 'allrank/models/losses/rankNet.py',
  function: 'rankNet',
};
/** Hadsell, Chopra & LeCun, CVPR 2006 (no repository: the paper, as cited in docs/research/conventions.md §7). */
export const HADSELL_2006: SourceRef = {
  repo: 'paper: Hadsell, Chopra & LeCun, CVPR 2006, "Dimensionality Reduction by Learning an Invariant Mapping"',
  file: 'yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf',
  function: 'Eq. (4), L = Σ (1 − Y) ½ D² + Y ½ max(0, m − D)²',
  commit: '-',
};
