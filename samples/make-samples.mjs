// Writes the bundled sample CSVs (one per input shape the catalog knows) with a fixed-seed RNG, so the
// files are byte-identical on every run: `node samples/make-samples.mjs`. Column names are the
// aliases the role inference recognises (src/engine/losses/*/roles.ts), so each file maps itself.
// `broken.csv` is wrong on purpose: the panel and CLI must name its line and column.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: a tiny, well-mixed 32-bit PRNG; enough for sample data and fully reproducible. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const int = (n) => Math.floor(next() * n);
  return { next, normal, int };
}

const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(4));
const write = (name, header, rows) => {
  const text = [header.join(','), ...rows.map((r) => r.map(fmt).join(','))].join('\n') + '\n';
  writeFileSync(join(here, name), text);
  return { name, rows: rows.length, cols: header.length };
};
const cols = (prefix, d) => Array.from({ length: d }, (_, i) => `${prefix}_${i}`);
const vec = (r, d, mean = 0, sd = 1) => Array.from({ length: d }, () => mean + sd * r.normal());

const written = [];

// Regression: y = 2x + 1 with noise, a few gross outliers (where MSE and Huber part ways), weights.
{
  const r = rng(1);
  const rows = [];
  for (let i = 0; i < 200; i++) {
    const x = r.normal() * 2;
    const yTrue = 2 * x + 1;
    let yPred = yTrue + 0.5 * r.normal();
    if (i % 40 === 7) yPred += (r.next() < 0.5 ? -1 : 1) * (6 + 4 * r.next());
    rows.push([yPred, yTrue, r.next() < 0.8 ? 1 : 0.5]);
  }
  written.push(write('regression.csv', ['y_pred', 'y_true', 'weight'], rows));
}

// Multi-class classification: 4 imbalanced classes (50/25/15/10 %), logits from a noisy classifier.
{
  const r = rng(2);
  const C = 4;
  const prior = [0.5, 0.25, 0.15, 0.1];
  const rows = [];
  for (let i = 0; i < 240; i++) {
    let u = r.next();
    let target = 0;
    while (target < C - 1 && u >= prior[target]) u -= prior[target++];
    const logits = vec(r, C, 0, 1);
    logits[target] += 1.5 + r.normal() * 0.5;
    rows.push([...logits, target]);
  }
  written.push(write('classification.csv', [...cols('logit', C), 'target'], rows));
}

// Binary classification: 15 % positives (focal loss's use case), logits of a moderately good model.
{
  const r = rng(3);
  const rows = [];
  for (let i = 0; i < 300; i++) {
    const label = r.next() < 0.15 ? 1 : 0;
    rows.push([(label ? 1.2 : -1.5) + 1.3 * r.normal(), label]);
  }
  written.push(write('binary.csv', ['logit', 'label'], rows));
}

// Ranking, long format: 20 queries x 8-12 documents, graded relevance 0..3, scores correlated with it.
// Rows are shuffled so that a query's rows are not contiguous (the engine must group them itself).
{
  const r = rng(4);
  const rows = [];
  for (let q = 1; q <= 20; q++) {
    const docs = 8 + r.int(5);
    for (let d = 0; d < docs; d++) {
      const rel = Math.min(3, Math.floor(r.next() * r.next() * 5));
      rows.push([q, rel * 0.8 + r.normal(), rel]);
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  written.push(write('ranking.csv', ['qid', 'score', 'rel'], rows));
}

// Contrastive pairs: 8-d embeddings; label 0 = similar pair (close), 1 = dissimilar (far), the
// convention of the contrastive role (Hadsell et al. 2006).
{
  const r = rng(5);
  const D = 8;
  const rows = [];
  for (let i = 0; i < 160; i++) {
    const label = r.next() < 0.5 ? 0 : 1;
    const x1 = vec(r, D, 0, 0.5);
    const x2 = label === 0 ? x1.map((v) => v + 0.15 * r.normal()) : vec(r, D, 0, 0.5);
    rows.push([...x1, ...x2, label]);
  }
  written.push(write('contrastive.csv', [...cols('x1', D), ...cols('x2', D), 'label'], rows));
}

// Triplets: anchor, positive (near the anchor), negative (sometimes nearer: hard triplets).
{
  const r = rng(6);
  const D = 8;
  const rows = [];
  for (let i = 0; i < 150; i++) {
    const a = vec(r, D, 0, 0.5);
    const p = a.map((v) => v + 0.2 * r.normal());
    const spread = [0.15, 0.3, 0.6][i % 3]; // hard, semi-hard and easy negatives in turn
    const n = a.map((v) => v + spread * r.normal());
    rows.push([...a, ...p, ...n]);
  }
  written.push(write('triplets.csv', [...cols('a', D), ...cols('p', D), ...cols('n', D)], rows));
}

// Labelled embeddings (for losses that mine their own pairs/triplets): 5 classes around 5 centres.
{
  const r = rng(7);
  const D = 8;
  const K = 5;
  const centres = Array.from({ length: K }, () => vec(r, D, 0, 1));
  const rows = [];
  for (let i = 0; i < 200; i++) {
    const label = i % K;
    rows.push([...centres[label].map((c) => c + 0.4 * r.normal()), label]);
  }
  written.push(write('embeddings.csv', [...cols('emb', D), 'label'], rows));
}

// Distillation: a 4-class teacher (confident, mostly right) and a student that follows it loosely;
// the columns logit_* (the student) and teacher_* map themselves for kl_div.
{
  const r = rng(8);
  const C = 4;
  const rows = [];
  for (let i = 0; i < 200; i++) {
    const target = r.int(C);
    const teacher = vec(r, C, 0, 1);
    teacher[r.next() < 0.9 ? target : r.int(C)] += 3;
    const student = teacher.map((t) => 0.6 * t + 0.8 * r.normal());
    rows.push([...student, ...teacher]);
  }
  written.push(write('distillation.csv', [...cols('logit', C), ...cols('teacher', C)], rows));
}

// Segmentation: one 48 x 48 mask, flattened to a row per pixel (2304 rows, under dice's and tversky's
// bound): a disc of radius 9 (11 % foreground), logits of a blurry model that misses the rim.
{
  const r = rng(9);
  const W = 48;
  const rows = [];
  for (let i = 0; i < W; i++) {
    for (let j = 0; j < W; j++) {
      const d = Math.hypot(i - 20.5, j - 26.5);
      const mask = d <= 9 ? 1 : 0;
      rows.push([i, j, 0.8 * (7.5 - d) + 0.7 * r.normal(), mask]);
    }
  }
  written.push(write('segmentation.csv', ['px_row', 'px_col', 'logit', 'mask'], rows));
}

// Broken on purpose: a text cell at line 5, column y_pred, and a short row at line 8.
writeFileSync(
  join(here, 'broken.csv'),
  ['y_pred,y_true', '0.5,0.4', '1.2,1.0', '-0.3,0.1', 'abc,0.7', '2.0,2.2', '0.9,1.1', '1.5', '0.1,0.0'].join('\n') + '\n',
);
written.push({ name: 'broken.csv', rows: 8, cols: 2 });

if (!process.argv.includes('--quiet')) for (const w of written) console.log(`${w.name}: ${w.rows} rows x ${w.cols} columns`);
