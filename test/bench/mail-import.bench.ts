/**
 * Mail import at scale: a synthetic mbox of 50,000 messages (Gmail Takeout style: multipart,
 * quoted-printable, an attachment now and then; 1 in 5 with one of 2,000 contacts) imported into
 * a fresh SQLite workspace — time and peak memory — next to two floors on the same file: reading
 * it with no processing at all, and splitting it and parsing every message with postal-mime
 * alone. Each runs in a child process of its own, so that its peak memory (max RSS) is its own.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PostalMime from 'postal-mime';
import { mailImportOptionsSchema } from '../../src/contracts/mail-import.schema.js';
import { readMbox } from '../../src/formats/mbox.reader.js';
import { createServices } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { createTestDatabase } from '../support/test-database.js';

export interface MailBenchFigure {
  name: string;
  ms: number;
  note: string;
}

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 50_000);
const CONTACTS = 2_000;
const NOW = '2026-03-10T09:00:00.000Z';
const ME = 'morgan.lee@example.test';

const contactAddress = (i: number) => `person${i}@company${i % 300}.example`;

/** Writes the synthetic mbox; every 5th message is with a contact, half of those sent by "me". */
export async function writeMbox(file: string): Promise<number> {
  const out = createWriteStream(file);
  const start = Date.parse('2024-03-10T09:00:00Z');
  const step = Math.floor((Date.parse(NOW) - start) / MESSAGES);
  const attachment = Buffer.alloc(24 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  let bytes = 0;
  for (let i = 0; i < MESSAGES; i += 1) {
    const at = new Date(start + i * step);
    const withContact = i % 5 === 0;
    const other = withContact ? contactAddress(i % CONTACTS) : `stranger${i % 9_000}@elsewhere${i % 700}.example`;
    const sent = i % 10 === 0;
    const from = sent ? `Morgan Lee <${ME}>` : `=?UTF-8?Q?Caf=C3=A9_Person_${i % 97}?= <${other}>`;
    const to = sent ? `<${other}>` : `Morgan Lee <${ME}>`;
    const reply = !sent && withContact && i >= 5 ? `In-Reply-To: <m${i - 5}@bench.example>\r\nReferences: <m${i - 5}@bench.example>\r\n` : '';
    const list = i % 7 === 3 ? 'List-Id: <news.bench.example>\r\n' : '';
    const body = `Hello, this is message ${i}.\r\nWe spoke about the platform team and the =\r\nnext steps =E2=80=94 see you soon.\r\n>From the archive: nothing.\r\n`;
    const parts = [
      `From ${1_790_000_000_000_000_000n + BigInt(i)}@xxx ${at.toUTCString().replace(',', '').replace(' GMT', '')} +0000 ${at.getUTCFullYear()}`,
      `X-GM-THRID: ${i}`,
      `X-Gmail-Labels: ${sent ? 'Sent' : 'Inbox'}`,
      `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <m${i}@bench.example>`,
      reply + list + `Subject: =?UTF-8?Q?R=C3=A9union_${i % 500}?=`,
      `From: ${from}`,
      `To: ${to}`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="b${i}"`,
      '',
      `--b${i}`,
      `Content-Type: multipart/alternative; boundary="a${i}"`,
      '',
      `--a${i}`,
      'Content-Type: text/plain; charset="UTF-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      body,
      `--a${i}`,
      'Content-Type: text/html; charset="UTF-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      `<div>Hello, this is message ${i}.</div><div>We spoke about the platform team.</div>`,
      `--a${i}--`,
      ...(i % 20 === 0 ? [`--b${i}`, 'Content-Type: application/pdf; name="cv.pdf"', 'Content-Disposition: attachment; filename="cv.pdf"', 'Content-Transfer-Encoding: base64', '', attachment] : []),
      `--b${i}--`,
      '',
      '',
    ].join('\r\n');
    bytes += Buffer.byteLength(parts);
    if (!out.write(parts)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return bytes;
}

/** One measurement, in this (child) process: prints {ms, rss} as JSON. */
async function child(mode: string, file: string): Promise<void> {
  const t0 = performance.now();
  let note = '';
  if (mode === 'read') {
    let n = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) n += (chunk as Buffer).length;
    note = `${n} bytes`;
  } else if (mode === 'parse') {
    let n = 0;
    for await (const raw of readMbox(createReadStream(file, { highWaterMark: 256 * 1024 }))) {
      await PostalMime.parse(raw.bytes);
      n += 1;
    }
    note = `${n} messages`;
  } else {
    const tdb = await createTestDatabase('sqlite');
    try {
      const services = createServices({ db: tdb.db, clock: fixedClock(NOW) });
      const { id: workspaceId } = await services.workspaces.create('bench');
      const scope = { workspaceId };
      await services.settings.update(scope, { me: { email: ME } });
      const rows = Array.from({ length: CONTACTS }, (_, i) => `Person,${i},${contactAddress(i)},Company ${i % 300},Engineer,01 Jan 2024`);
      await services.imports.importFile(scope, Buffer.from(['First Name,Last Name,Email Address,Company,Position,Connected On', ...rows].join('\n')));
      const setupMs = performance.now() - t0;
      const t1 = performance.now();
      const result = await services.mailImports.importFile(scope, { path: file, fileName: 'bench.mbox' }, mailImportOptionsSchema.parse({}));
      const importMs = performance.now() - t1;
      const t2 = performance.now();
      const again = await services.mailImports.importFile(scope, { path: file, fileName: 'bench.mbox' }, mailImportOptionsSchema.parse({}));
      const againMs = performance.now() - t2;
      process.stdout.write(
        `${JSON.stringify({ ms: importMs, againMs, setupMs, rss: process.resourceUsage().maxRSS / 1024, note: `${result.created} conversations, ${again.unchanged} unchanged on the second run` })}\n`,
      );
      return;
    } finally {
      await tdb.destroy();
    }
  }
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, rss: process.resourceUsage().maxRSS / 1024, note })}\n`);
}

function measure(mode: string, file: string): { ms: number; rss: number; note: string; againMs?: number } {
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`mail bench ${mode} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; rss: number; note: string; againMs?: number };
}

export async function benchMailImport(): Promise<MailBenchFigure[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-bench-mail-'));
  try {
    const file = path.join(dir, 'bench.mbox');
    const bytes = await writeMbox(file);
    const size = `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    const read = measure('read', file);
    const parse = measure('parse', file);
    const run = measure('import', file);
    const mb = (n: number) => `peak RSS ${Math.round(n)} MiB`;
    return [
      { name: `[mail] read a ${MESSAGES.toLocaleString('en')}-message mbox (${size}), no processing`, ms: Math.round(read.ms), note: mb(read.rss) },
      { name: '[mail] split it and parse every message with postal-mime alone', ms: Math.round(parse.ms), note: mb(parse.rss) },
      { name: '[mail] import it into SQLite (preview-free: read, match, thread, write)', ms: Math.round(run.ms), note: `${mb(run.rss)}; ${run.note}; ${(run.ms / parse.ms).toFixed(2)}× the parse` },
      { name: '[mail] import the same file again (nothing changes)', ms: Math.round(run.againMs ?? 0), note: '' },
    ];
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]) && process.argv[2]) {
  await child(process.argv[2], process.argv[3] ?? '');
}
