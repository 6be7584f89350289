import iconv from 'iconv-lite';

/**
 * Turns the bytes of an uploaded contact file into text. Exports come from LinkedIn (UTF-8),
 * Excel re-saves (Windows-1252), old Google exports (UTF-16) and Outlook (code pages), and
 * none of them say which encoding they use, so the bytes decide.
 */
export function decodeText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(buffer, [0xef, 0xbb, 0xbf])) return normaliseText(utf8OrWin1252(buffer.subarray(3)));
  if (startsWith(buffer, [0xff, 0xfe])) return normaliseText(iconv.decode(buffer.subarray(2), 'utf16-le'));
  if (startsWith(buffer, [0xfe, 0xff])) return normaliseText(iconv.decode(buffer.subarray(2), 'utf16-be'));

  const utf16 = guessUtf16WithoutBom(buffer);
  if (utf16) return normaliseText(iconv.decode(buffer, utf16));

  return normaliseText(utf8OrWin1252(buffer));
}

function utf8OrWin1252(bytes: Uint8Array): string {
  return utf8(bytes) ?? utf8(moveSplitCharactersBeforeFolds(bytes)) ?? win1252(bytes);
}

/**
 * Strips a byte-order mark left in the text and turns CRLF and lone CR (old Mac files) into
 * LF. Safe for CSV: a line break inside a quoted cell stays a line break, only its bytes
 * change, and physical line numbers are preserved because each break stays one break.
 */
export function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

// Excel on Windows saves "CSV" in the ANSI code page; Windows-1252 (not Latin-1) is what
// Western-European installs use, and it is a superset that maps 0x80-0x9F to € – “ ” etc.
function win1252(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'windows-1252');
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * UTF-16 without a BOM shows up as ASCII interleaved with NUL bytes: NULs in the odd
 * positions mean little-endian, in the even positions big-endian. Random binary data has
 * NULs in both, so it is not mistaken for text.
 */
function guessUtf16WithoutBom(bytes: Uint8Array): 'utf16-le' | 'utf16-be' | null {
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (sample < 4) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const pairs = sample / 2;
  if (oddNuls > pairs * 0.4 && evenNuls < pairs * 0.05) return 'utf16-le';
  if (evenNuls > pairs * 0.4 && oddNuls < pairs * 0.05) return 'utf16-be';
  return null;
}

/**
 * Some vCard writers fold long lines at exactly 75 octets even when that splits a UTF-8
 * character (`…\xC3` CRLF SPACE `\xA9…`). Read naively, such a file is invalid UTF-8 and
 * would fall back to Windows-1252 mojibake. Moving the stray continuation bytes before the
 * fold keeps the line count and, once unfolded, gives the same text.
 */
function moveSplitCharactersBeforeFolds(bytes: Uint8Array): Uint8Array {
  // Bytes are only moved, never added: the output is as long as the input (a number[] of a
  // 20 MiB file would take hundreds of megabytes).
  const out = new ByteWriter(bytes.length);
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const expected = continuationCount(lead);
    if (expected === 0) {
      out.push(lead);
      i++;
      continue;
    }
    let j = i + 1;
    const char = [lead];
    while (char.length <= expected && j < bytes.length && isContinuation(bytes[j]!)) char.push(bytes[j++]!);
    const fold = foldLength(bytes, j);
    if (char.length <= expected && fold > 0) {
      let k = j + fold;
      const rest: number[] = [];
      while (char.length + rest.length <= expected && k < bytes.length && isContinuation(bytes[k]!)) rest.push(bytes[k++]!);
      if (char.length + rest.length === expected + 1) {
        out.push(...char, ...rest, ...Array.from(bytes.subarray(j, j + fold)));
        i = k;
        continue;
      }
    }
    out.push(...char);
    i = j;
  }
  return out.bytes();
}

class ByteWriter {
  private readonly buffer: Uint8Array;
  private length = 0;
  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }
  push(...values: number[]): void {
    for (const value of values) this.buffer[this.length++] = value;
  }
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** Length of a fold (CRLF or LF followed by a space or tab) starting at `at`, or 0. */
function foldLength(bytes: Uint8Array, at: number): number {
  let k = at;
  if (bytes[k] === 0x0d) k++;
  if (bytes[k] !== 0x0a) return 0;
  k++;
  return bytes[k] === 0x20 || bytes[k] === 0x09 ? k + 1 - at : 0;
}
