import type { Readable } from 'node:stream';

/**
 * Splits an mbox file (Gmail Takeout, Thunderbird, Apple Mail) into its messages as it streams,
 * so that memory holds one message at a time however large the mailbox is.
 *
 * A message starts at a `From ` line (the envelope, "From sender date") that begins the file or
 * follows a blank line, or that looks like an envelope anywhere (writers escape body lines that
 * start with "From ", so an unescaped one is a separator). Body lines escaped by the writer
 * (`>From `, `>>From ` in mboxrd) lose one `>`. Line endings may be LF or CRLF.
 *
 * A message larger than `maxMessageBytes` keeps only its beginning: the headers and the first
 * text part come first, and attachments, which Rapport never keeps, are what makes a message big.
 */

export interface RawMessage {
  /** 1-based position of the message in the file. */
  index: number;
  /** Line of the file where the message's envelope (`From ` line) is. */
  line: number;
  /** The message as RFC 5322 bytes, envelope removed and `>From ` unescaped. */
  bytes: Buffer;
  /** The message was longer than the limit and was cut. */
  truncated: boolean;
}

export const MAX_MESSAGE_BYTES = 512 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const FROM_ = Buffer.from('From ');
const ESCAPED = /^>+From /m;
// "From sender@example.com Tue Mar  3 08:15:00 2026", "From - Tue Mar 03 08:15:00 2026",
// Gmail's "From 1790123@xxx Tue Mar 03 08:15:00 +0000 2026".
const ENVELOPE = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? /;

/** Whether the text starts like an mbox file (after blank lines). */
export function looksLikeMbox(head: string): boolean {
  const first = /^\s*(\S[^\n]*)/.exec(head.replace(/^\uFEFF/, ''))?.[1] ?? '';
  return first.startsWith('From ') && (ENVELOPE.test(first) || /\d{4}\s*$/.test(first));
}

class MessageBuilder {
  private parts: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(
    readonly index: number,
    readonly line: number,
    private readonly max: number,
  ) {}

  add(line: Buffer): void {
    if (this.truncated) return;
    if (this.size + line.length > this.max) {
      this.truncated = true;
      return;
    }
    this.parts.push(line);
    this.size += line.length;
  }

  build(): RawMessage {
    let bytes: Buffer = Buffer.concat(this.parts, this.size);
    // The last line of a message is the blank line before the next envelope: not part of it.
    bytes = trimFinalBlankLine(bytes);
    if (bytes.includes('>From ') && ESCAPED.test(bytes.toString('latin1'))) bytes = unescapeFromLines(bytes);
    return { index: this.index, line: this.line, bytes, truncated: this.truncated };
  }
}

function trimFinalBlankLine(bytes: Buffer): Buffer {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === LF) {
    let e = end - 1;
    if (e > 0 && bytes[e - 1] === CR) e -= 1;
    // Only when the line before it also ended: "…\n\n" or "…\r\n\r\n".
    if (e > 0 && bytes[e - 1] === LF) end = e;
  }
  return end === bytes.length ? bytes : bytes.subarray(0, end);
}

function unescapeFromLines(bytes: Buffer): Buffer {
  // latin1 maps every byte to one char and back, so the bytes of any charset survive.
  const text = bytes.toString('latin1').replace(/^>(>*From )/gm, '$1');
  return Buffer.from(text, 'latin1');
}

function isBlank(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && (line[0] === LF || line[0] === CR)) || (line.length === 2 && line[0] === CR && line[1] === LF);
}

function isEnvelope(line: Buffer, previousBlank: boolean): boolean {
  if (line.length < 5 || line[0] !== 0x46 || !line.subarray(0, 5).equals(FROM_)) return false;
  return previousBlank || ENVELOPE.test(line.subarray(0, 80).toString('latin1'));
}

/**
 * Reads the messages of an mbox stream one at a time. Text before the first envelope (there
 * should be none) is ignored; `onPreamble` hears of it.
 */
export async function* readMbox(
  stream: Readable | AsyncIterable<Buffer | string>,
  options: { maxMessageBytes?: number; onPreamble?: (lines: number) => void } = {},
): AsyncGenerator<RawMessage> {
  const max = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  let carry: Buffer | null = null;
  let lineNo = 0;
  let previousBlank = true;
  let current: MessageBuilder | null = null;
  let index = 0;
  let preamble = 0;

  const take = function* (line: Buffer): Generator<RawMessage> {
    lineNo += 1;
    if (isEnvelope(line, previousBlank)) {
      if (current) yield current.build();
      index += 1;
      current = new MessageBuilder(index, lineNo, max);
      previousBlank = false;
      return;
    }
    previousBlank = isBlank(line);
    if (current) current.add(line);
    else if (!previousBlank) preamble += 1;
  };

  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (carry) {
      buf = Buffer.concat([carry, buf]);
      carry = null;
    }
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(LF, start);
      if (nl === -1) break;
      // A view, not a copy: build() copies the message once, and the chunk is then released.
      yield* take(buf.subarray(start, nl + 1));
      start = nl + 1;
    }
    if (start < buf.length) carry = buf.subarray(start);
  }
  if (carry && carry.length > 0) yield* take(carry);
  const last = current as MessageBuilder | null;
  if (last) yield last.build();
  if (preamble > 0) options.onPreamble?.(preamble);
}
