// `npm start`: build whatever is out of date, then serve on 127.0.0.1.
// Arguments after `--` go to `rapport serve` (e.g. `npm start -- --port 8080`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['src', 'package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const needed = inputs.some((p) => newestMtime(p) > built) || !fs.existsSync(path.join(root, 'dist', 'web', 'index.html'));
if (needed) {
  console.log('Building Rapport (first start or sources changed)…');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stamp, new Date().toISOString());
}
const serve = spawnSync(process.execPath, [path.join(root, 'bin', 'rapport.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(serve.status ?? 0);
