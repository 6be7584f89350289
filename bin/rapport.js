#!/usr/bin/env node
// The `rapport` command. It runs the compiled CLI; `npm start` and `npm run build` compile it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('Rapport is not built yet: run `npm run build` (or `npm start`, which builds and serves).\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
