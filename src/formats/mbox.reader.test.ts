import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { looksLikeMbox, readMbox, type RawMessage } from './mbox.reader.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/mail');

async function all(source: Readable | AsyncIterable<Buffer | string>, options?: Parameters<typeof readMbox>[1]): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const m of readMbox(source, options)) out.push(m);
  return out;
}

/** The file fed in chunks of `size` bytes, so that lines and envelopes straddle chunk boundaries. */
function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

describe('mbox reader', () => {
  it('splits a Gmail Takeout mbox (CRLF, numeric envelopes) into its messages, each with the line of its envelope', async () => {
    const messages = await all(fs.createReadStream(path.join(fixtures, 'gmail-takeout.mbox')));
    expect(messages.map((m) => m.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(messages[0]!.line).toBe(1);
    const text = messages.map((m) => m.bytes.toString('utf8'));
    expect(text[0]).toMatch(/^X-GM-THRID: 1790000000000000001\r\n/);
    expect(text[1]).toContain('Message-ID: <CAstan-reply-1@acme.test>');
    // The blank line before the next envelope belongs to neither message.
    expect(text[0]!.endsWith('--000000000000aaaa--\r\n')).toBe(true);
    const fileLines = fs.readFileSync(path.join(fixtures, 'gmail-takeout.mbox'), 'utf8').split('\n');
    for (const m of messages) expect(fileLines[m.line - 1]).toMatch(/^From \d+@xxx /);
  });

  it('gives the same messages whatever the chunk size', async () => {
    const bytes = fs.readFileSync(path.join(fixtures, 'gmail-takeout.mbox'));
    const whole = await all(Readable.from([bytes]));
    for (const size of [1, 7, 64, 1000]) {
      const parts = await all(chunked(bytes, size));
      expect(parts.map((m) => [m.index, m.line, m.bytes.toString('hex')])).toEqual(whole.map((m) => [m.index, m.line, m.bytes.toString('hex')]));
    }
  });

  it('unescapes >From lines (mboxo and mboxrd) and leaves other quoted lines alone', async () => {
    const [first] = await all(fs.createReadStream(path.join(fixtures, 'thunderbird.mbox')));
    const text = first!.bytes.toString('utf8');
    expect(text).toContain('\n>From your experience, what matters most?\n');
    expect(text).toContain('\nFrom there, the target list.\n');
    const [gmail] = await all(fs.createReadStream(path.join(fixtures, 'gmail-takeout.mbox')));
    expect(gmail!.bytes.toString('utf8')).toContain('\r\nFrom the team page I gather');
  });

  it('reads Thunderbird ("From - date") and Apple Mail ("From address date") envelopes', async () => {
    expect((await all(fs.createReadStream(path.join(fixtures, 'thunderbird.mbox')))).map((m) => m.line)).toEqual([1, 16]);
    const apple = await all(fs.createReadStream(path.join(fixtures, 'apple-mail.mbox')));
    expect(apple).toHaveLength(1);
    expect(apple[0]!.bytes.toString('utf8')).toMatch(/^Return-Path: <stan@acme.test>\n/);
  });

  it('does not split on a body line that starts with "From " but is no envelope after text', async () => {
    const mbox = 'From a@b.test Tue Mar  3 14:00:00 2026\nSubject: x\n\nHello\nFrom my side, all good\n\nFrom c@d.test Wed Mar  4 14:00:00 2026\nSubject: y\n\nBye\n';
    const messages = await all(Readable.from([Buffer.from(mbox)]));
    expect(messages).toHaveLength(2);
    expect(messages[0]!.bytes.toString()).toContain('From my side, all good');
    expect(messages[1]!.line).toBe(7);
  });

  it('keeps only the beginning of a message larger than the limit, and says so', async () => {
    const big = `From a@b.test Tue Mar  3 14:00:00 2026\nSubject: big\n\n${'x'.repeat(100)}\n`.repeat(1) + `${'y'.repeat(80)}\n`.repeat(100);
    const [m] = await all(Readable.from([Buffer.from(big)]), { maxMessageBytes: 500 });
    expect(m!.truncated).toBe(true);
    expect(m!.bytes.length).toBeLessThanOrEqual(500);
    expect(m!.bytes.toString()).toMatch(/^Subject: big\n/);
  });

  it('recognises an mbox by its first line', () => {
    expect(looksLikeMbox('From 1790000000000000001@xxx Mon Mar 02 09:00:00 +0000 2026\r\n')).toBe(true);
    expect(looksLikeMbox('\n\nFrom - Tue Mar 03 08:00:00 2026\n')).toBe(true);
    expect(looksLikeMbox('From: Stan <stan@acme.test>\n')).toBe(false);
    expect(looksLikeMbox('First Name,Last Name\n')).toBe(false);
  });
});
