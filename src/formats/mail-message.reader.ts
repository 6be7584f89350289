import iconv from 'iconv-lite';
import PostalMime, { addressParser, decodeWords, type Address, type Email, type Header } from 'postal-mime';

/**
 * One e-mail message (RFC 5322/MIME) reduced to what Rapport keeps of it: who, when, which
 * thread, the subject and a short snippet. The MIME work — RFC 2047 encoded words, multipart,
 * quoted-printable and base64, charsets — is postal-mime's (dependency-free, maintained by the
 * author of Nodemailer); attachments are never looked at.
 */

export interface MailAddress {
  /** Lower-cased address. */
  address: string;
  /** Display name as written, decoded; may be empty. */
  name: string;
}

export interface MailMessage {
  /** Message-ID without angle brackets, or null when the message has none. */
  messageId: string | null;
  /** The ids this message answers (In-Reply-To), then the rest of its thread (References). */
  inReplyTo: string[];
  references: string[];
  /** When it was sent (Date header), as an ISO instant. */
  sentAt: string;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  /** Why it is a bulk or automated message (mailing list, auto-reply, no-reply sender), else null. */
  automated: string | null;
  /** Gmail Takeout's labels (X-Gmail-Labels), e.g. "Sent"; empty elsewhere. */
  labels: string[];
  /** The first words of the message's own text (quoted replies and signature left out); null when only headers were read. */
  snippet: string | null;
}

/** A message that cannot be read: skipped with this reason. */
export class MailMessageError extends Error {}

export const SNIPPET_LENGTH = 200;

const NO_REPLY = /^(?:no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?|notifications?|notify|newsletter|news|alerts?|info-noreply)(?:[+.-][^@]*)?@/i;

/**
 * Parses one message. With `body: false` only the header block is parsed (much faster: most of
 * a mailbox is never kept), and `snippet` is null.
 */
export async function readMailMessage(bytes: Uint8Array, options: { body?: boolean } = {}): Promise<MailMessage> {
  if (options.body === false) return readMailHeaders(bytes);
  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });
  } catch (error) {
    throw new MailMessageError(`not a readable message (${error instanceof Error ? error.message : String(error)})`);
  }
  return fromEmail(email, snippetOf(email));
}

/**
 * The header block alone, read without building the MIME tree: most messages of a mailbox are
 * with people who are not contacts, and deciding that is all they need. postal-mime's own
 * address parser and RFC 2047 decoder do the delicate parts; `npm run bench` measures the gain.
 */
export function readMailHeaders(bytes: Uint8Array): MailMessage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const block = headerBlock(buf);
  const headers: Header[] = [];
  for (const line of Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('utf8').split(/\r?\n/)) {
    if (line === '') break;
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const originalKey = line.slice(0, colon).trim();
    headers.push({ key: originalKey.toLowerCase(), originalKey, value: line.slice(colon + 1).trim() });
  }
  const get = (key: string) => header(headers, key) ?? undefined;
  const addresses = (key: string): Address[] | undefined => {
    const values = headers.filter((h) => h.key === key).map((h) => h.value);
    return values.length === 0 ? undefined : values.flatMap((v) => addressParser(v, { flatten: true }));
  };
  const from = addresses('from');
  const sender = addresses('sender');
  const dateValue = get('date');
  const parsedDate = dateValue ? Date.parse(dateValue.replace(/\s*\([^)]*\)\s*$/, '')) : Number.NaN;
  const email: Email = {
    headers,
    headerLines: [],
    from: from?.[0],
    sender: sender?.[0],
    to: addresses('to'),
    cc: addresses('cc'),
    bcc: addresses('bcc'),
    subject: decodeWords(get('subject') ?? ''),
    messageId: get('message-id'),
    inReplyTo: get('in-reply-to'),
    references: get('references'),
    date: Number.isNaN(parsedDate) ? dateValue : new Date(parsedDate).toISOString(),
    attachments: [],
  };
  return fromEmail(email, null);
}

function fromEmail(email: Email, snippet: string | null): MailMessage {
  const from = firstMailbox(email.from) ?? firstMailbox(email.sender);
  if (!from) throw new MailMessageError('no From address');
  const dateHeader = header(email.headers, 'date');
  const sentAt = email.date && !Number.isNaN(Date.parse(email.date)) && /^\d{4}-/.test(email.date) ? new Date(email.date).toISOString() : null;
  if (!sentAt) throw new MailMessageError(dateHeader ? `unreadable Date header "${dateHeader.slice(0, 60)}"` : 'no Date header');
  return {
    messageId: messageIds(email.messageId)[0] ?? null,
    inReplyTo: messageIds(email.inReplyTo),
    references: messageIds(email.references),
    sentAt,
    from,
    to: mailboxes(email.to),
    cc: mailboxes(email.cc),
    bcc: mailboxes(email.bcc),
    subject: oneLine(email.subject ?? ''),
    automated: automatedReason(email.headers, from.address),
    labels: (header(email.headers, 'x-gmail-labels') ?? '')
      .split(',')
      .map((l) => l.trim().replace(/^"|"$/g, ''))
      .filter(Boolean),
    snippet,
  };
}

/** The header block and the blank line after it; a message with no body is itself. */
/** Up to the first empty line (LF or CRLF), found line by line: the body, attachments included, is never scanned. */
function headerBlock(buf: Buffer): Buffer {
  let at = buf.indexOf(0x0a);
  while (at !== -1) {
    const next = buf[at + 1];
    if (next === 0x0a) return buf.subarray(0, at + 2);
    if (next === 0x0d && buf[at + 2] === 0x0a) return buf.subarray(0, at + 3);
    at = buf.indexOf(0x0a, at + 1);
  }
  return buf;
}

function header(headers: Header[], key: string): string | null {
  return headers.find((h) => h.key === key)?.value ?? null;
}

function firstMailbox(address: Address | undefined): MailAddress | null {
  return mailboxes(address ? [address] : undefined)[0] ?? null;
}

function mailboxes(list: Address[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  const seen = new Set<string>();
  for (const a of list ?? []) {
    for (const m of a.group ?? [a]) {
      const address = (m.address ?? '').trim().toLowerCase();
      if (!address.includes('@') || seen.has(address)) continue;
      seen.add(address);
      out.push({ address, name: oneLine(m.name ?? '') });
    }
  }
  return out;
}

/** `<a@b> <c@d>` (or ids without brackets, as some clients write them) → ["a@b", "c@d"]. */
export function messageIds(value: string | undefined | null): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  if (bracketed.length > 0) return bracketed;
  return value.split(/[\s,]+/).filter((v) => v.includes('@'));
}

/** RFC 2369/3834 and the usual conventions: mailing lists, auto-replies, bulk and no-reply senders. */
function automatedReason(headers: Header[], from: string): string | null {
  if (header(headers, 'list-id') || header(headers, 'list-unsubscribe')) return 'mailing list';
  const auto = header(headers, 'auto-submitted');
  if (auto && auto.trim().toLowerCase() !== 'no') return 'automated (Auto-Submitted)';
  const precedence = header(headers, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return 'bulk mail (Precedence)';
  if (header(headers, 'x-autoreply') || header(headers, 'x-autorespond')) return 'automated (auto-reply)';
  if (NO_REPLY.test(from)) return 'no-reply sender';
  return null;
}

// Node 20's TextDecoder decodes windows-1252 as Latin-1 (0x80–0x9F become C1 controls, so
// Outlook's dashes and quotes vanish). A C1 control never belongs in mail text: read it back
// as the windows-1252 character it was.
const C1 = /[\u0080-\u009f]/;
const C1_ALL = /[\u0080-\u009f]/g;
function repairC1(text: string): string {
  return C1.test(text) ? text.replace(C1_ALL, (c) => iconv.decode(Buffer.from([c.charCodeAt(0)]), 'win1252')) : text;
}

function oneLine(text: string): string {
  return repairC1(text).replace(/\s+/g, ' ').trim();
}

/**
 * The first words the sender wrote: plain text when there is some, else the HTML's text; quoted
 * replies ("> …", "On … wrote:"), forwarded parts and the signature are cut.
 */
function snippetOf(email: Email): string | null {
  const text = email.text ?? (email.html ? htmlText(email.html) : '');
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '--' || t === '-- ' || /^-{2,}\s*(Original Message|Forwarded message)/i.test(t) || /^_{5,}$/.test(t)) break;
    if (/^On .{4,200} wrote:$/.test(t) || /^Le .{4,200} a écrit ?:$/.test(t) || /^Am .{4,200} schrieb .*:$/.test(t)) break;
    if (/^(From|De|Von): .+/.test(t) && kept.length > 0) break;
    if (t.startsWith('>')) continue;
    if (t) kept.push(t);
    if (kept.join(' ').length > SNIPPET_LENGTH) break;
  }
  const joined = oneLine(kept.join(' '));
  if (!joined) return null;
  return joined.length > SNIPPET_LENGTH ? `${joined.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…` : joined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Enough HTML-to-text for a snippet: drop head, styles, scripts and quotes, then the tags. */
function htmlText(html: string): string {
  return html
    .replace(/<(head|style|script|blockquote)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}
