// Draws media/icon.png (128x128) with ImageMagick: a focal-loss-style family of curves on a dark
// rounded tile. Run once when the icon changes: `node scripts/package-icon.mjs`; the PNG is committed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
const S = 128;
const pad = 22;
// Focal loss -(1-p)^gamma log p for gamma = 0, 1, 3, on p in [0.04, 1], scaled into the tile.
const curve = (gamma) => {
  const pts = [];
  for (let i = 0; i <= 48; i++) {
    const p = 0.04 + (0.96 * i) / 48;
    const l = -Math.pow(1 - p, gamma) * Math.log(p);
    const x = pad + (p - 0.04) / 0.96 * (S - 2 * pad);
    const y = S - pad - Math.min(l / 3.3, 1) * (S - 2 * pad);
    pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  // One stroked polyline per segment pair: ImageMagick 6 closes an open path when it strokes it.
  const segs = [];
  for (let i = 1; i < pts.length; i++) segs.push(`line ${pts[i - 1]} ${pts[i]}`);
  return `stroke-linecap round ${segs.join(' ')}`;
};
const axes = `M ${pad - 4},${pad - 6} L ${pad - 4},${S - pad + 4} L ${S - pad + 6},${S - pad + 4}`;
const args = [
  '-size', `${S}x${S}`, 'xc:none',
  '-fill', '#1f2430', '-draw', `roundrectangle 0,0 ${S - 1},${S - 1} 24,24`,
  '-fill', 'none', '-stroke', '#8a93a6', '-strokewidth', '3', '-draw', `path '${axes}'`,
  '-fill', 'none', '-stroke', '#f5a524', '-strokewidth', '5', '-draw', curve(0),
  '-fill', 'none', '-stroke', '#4cc38a', '-strokewidth', '5', '-draw', curve(1),
  '-fill', 'none', '-stroke', '#4f9cf9', '-strokewidth', '5', '-draw', curve(3),
  '-strip', out,
];
const r = spawnSync('convert', args, { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('package-icon: ImageMagick `convert` failed (apt-get install -y imagemagick)');
  process.exit(1);
}
console.log(`wrote ${out}`);
