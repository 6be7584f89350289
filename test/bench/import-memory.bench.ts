/**
 * Peak memory (maximum resident set size) and time of `rapport import` on big files, each in a
 * fresh process, as a user runs it, next to its peers measured in the same run:
 *  - the floor: a Node process that loads Rapport's CLI and does nothing else (`--help`);
 *  - csv-parse, the maintained streaming CSV reader, counting the records of the same file
 *    (a process that keeps nothing but a counter: the least reading the file can cost).
 * Files: LinkedIn's largest export (30,000 rows), a file at the record limit
 * (IMPORT_MAX_RECORDS), and 19 MB of ten million tiny rows (under the upload limit, over the
 * record limit: refused as soon as the record past the limit is met).
 * `npm run bench` prints the figures; `node dist/test/bench/import-memory.bench.js` runs them alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IMPORT_MAX_RECORDS } from '../../src/contracts/transfer.schema.js';
import { packageRoot } from '../../src/runtime/package-root.js';
import { generateLinkedInCsv, LINKEDIN_HEADER } from '../support/generators/linkedin-csv.generator.js';

export interface MemoryFigure {
  name: string;
  ms: number;
  peakMb: number;
  note: string;
}

// Written to stderr by the measured process as it exits: its own peak RSS, in kilobytes.
const REPORT_PEAK = `data:text/javascript,process.on('exit', () => process.stderr.write('\\npeak-rss-kb ' + process.resourceUsage().maxRSS + '\\n'));`;

function measure(args: string[], env: Record<string, string> = {}): { ms: number; peakMb: number; code: number; stdout: string; stderr: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', REPORT_PEAK, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  const peak = /peak-rss-kb (\d+)/.exec(result.stderr ?? '');
  if (!peak) throw new Error(`no peak reported by ${args.join(' ')}: ${result.stderr}`);
  return { ms, peakMb: Math.round(Number(peak[1]) / 1024), code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const COUNT_WITH_CSV_PARSE = `
import fs from 'node:fs';
import { parse } from 'csv-parse';
let records = 0;
const parser = fs.createReadStream(process.argv[2]).pipe(parse({ relax_column_count: true, relax_quotes: true, from_line: 5, skip_empty_lines: false }));
for await (const _ of parser) records++;
console.log(records);
`;

export async function benchImportMemory(): Promise<MemoryFigure[]> {
  const root = packageRoot();
  const bin = path.join(root, 'bin', 'rapport.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-memory-'));
  const figures: MemoryFigure[] = [];
  try {
    const files = {
      '30,000-row LinkedIn export': path.join(dir, 'connections-30k.csv'),
      [`${IMPORT_MAX_RECORDS.toLocaleString('en')}-row file (the record limit)`]: path.join(dir, 'connections-limit.csv'),
      '19 MB of ten million tiny rows (refused)': path.join(dir, 'tiny.csv'),
    };
    const [thirty, limit, tiny] = Object.values(files) as [string, string, string];
    fs.writeFileSync(thirty, generateLinkedInCsv(30_000, 1));
    fs.writeFileSync(limit, generateLinkedInCsv(IMPORT_MAX_RECORDS, 2));
    fs.writeFileSync(tiny, `${LINKEDIN_HEADER}\n${'a\n'.repeat(9_500_000)}`);

    const floor = measure([bin, '--help']);
    figures.push({ name: 'floor: the rapport CLI loaded, doing nothing (--help)', ms: floor.ms, peakMb: floor.peakMb, note: '' });
    const script = path.join(root, 'dist', 'count-with-csv-parse.mjs');
    fs.writeFileSync(script, COUNT_WITH_CSV_PARSE);
    try {
      for (const [what, file] of Object.entries(files)) {
        const peer = measure([script, file]);
        figures.push({ name: `peer: csv-parse counts the records of the ${what}`, ms: peer.ms, peakMb: peer.peakMb, note: `${peer.stdout.trim()} records` });
      }
    } finally {
      fs.rmSync(script, { force: true });
    }

    for (const [what, file] of Object.entries(files)) {
      const data = path.join(dir, `data-${figures.length}`);
      const dry = measure([bin, 'import', file, '--dry-run', '--json'], { RAPPORT_DATA_DIR: data });
      figures.push({ name: `rapport import --dry-run, ${what}`, ms: dry.ms, peakMb: dry.peakMb, note: outcome(dry) });
      if (file === tiny) continue;
      const real = measure([bin, 'import', file, '--json'], { RAPPORT_DATA_DIR: data });
      figures.push({ name: `rapport import (SQLite, empty workspace), ${what}`, ms: real.ms, peakMb: real.peakMb, note: outcome(real) });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

function outcome(run: { code: number; stdout: string; stderr: string }): string {
  if (run.code !== 0) return `refused (exit ${run.code}): ${run.stderr.split('\n').find((l) => l.trim() !== '')?.slice(0, 80) ?? ''}`;
  const json = JSON.parse(run.stdout) as { counts?: { new: number }; created?: number };
  return json.counts ? `${json.counts.new} new in the preview` : `${json.created ?? 0} created`;
}

if (process.argv[1]?.endsWith('import-memory.bench.js')) {
  for (const f of await benchImportMemory()) console.log(`${f.name.padEnd(78)} ${String(Math.round(f.ms)).padStart(7)} ms ${String(f.peakMb).padStart(5)} MB  ${f.note}`);
}
