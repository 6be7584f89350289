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

  add(part: Buffer): void {
    if (this.truncated || part.length === 0) return;
    if (this.size + part.length > this.max) {
      this.truncated = true;
      // Cut at the last line end that fits: the headers and first part stay whole.
      const room = part.subarray(0, this.max - this.size);
      const end = room.lastIndexOf(LF);
      if (end >= 0) {
        this.parts.push(room.subarray(0, end + 1));
        this.size += end + 1;
      }
      return;
    }
    this.parts.push(part);
    this.size += part.length;
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

  // Lines are scanned as offsets into the chunk (no object per line); a message takes its bytes
  // as one view per chunk. Messages completed in a chunk are yielded after it.
  const done: RawMessage[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (carry) {
      buf = Buffer.concat([carry, buf]);
      carry = null;
    }
    let start = 0;
    let segment = 0;
    for (;;) {
      const nl = buf.indexOf(LF, start);
      if (nl === -1) break;
      lineNo += 1;
      const length = nl + 1 - start;
      if (buf[start] === 0x46 && isEnvelope(buf.subarray(start, nl + 1), previousBlank)) {
        if (current) {
          current.add(buf.subarray(segment, start));
          done.push(current.build());
        }
        index += 1;
        current = new MessageBuilder(index, lineNo, max);
        segment = nl + 1;
        previousBlank = false;
      } else {
        previousBlank = length === 1 || (length === 2 && buf[start] === CR);
        if (!current && !previousBlank) preamble += 1;
      }
      start = nl + 1;
    }
    const open = current as MessageBuilder | null;
    if (open) open.add(buf.subarray(segment, start));
    if (start < buf.length) carry = buf.subarray(start);
    if (done.length > 0) yield* done.splice(0);
  }
  if (carry && carry.length > 0) {
    lineNo += 1;
    const last = carry;
    const open = current as MessageBuilder | null;
    if (isEnvelope(last, previousBlank)) {
      if (open) done.push(open.build());
      index += 1;
      current = new MessageBuilder(index, lineNo, max);
    } else if (open) {
      open.add(last);
    }
  }
  yield* done.splice(0);
  const final = current as MessageBuilder | null;
  if (final) yield final.build();
  if (preamble > 0) options.onPreamble?.(preamble);
}
