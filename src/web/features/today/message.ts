/**
 * The parts of a message the dialog recomputes while the user edits it. They follow
 * `src/domain/templates/mailto.ts` and `outreach-hints.ts` (the web may import only contracts);
 * test/cli/today.cli.test.ts checks that both give the same answers.
 */

/** RFC 6068: spaces are %20 (never "+"), every line break is %0D%0A. */
function encodeComponent(text: string): string {
  return encodeURIComponent(text.replace(/\r\n|\r|\n/g, '\r\n'));
}

function encodeAddress(address: string): string {
  return encodeURIComponent(address.trim()).replace(/%40/g, '@');
}

/** `mailto:stan@acme.test?subject=Thank%20you&body=Hi%20Stan%2C%0D%0A…` */
export function mailtoUrl(to: readonly (string | null)[], subject: string, body: string): string {
  const addresses = to.filter((a): a is string => Boolean(a && a.trim()));
  const params: string[] = [];
  if (subject !== '') params.push(`subject=${encodeComponent(subject)}`);
  if (body !== '') params.push(`body=${encodeComponent(body)}`);
  return `mailto:${addresses.map(encodeAddress).join(',')}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

export interface OutreachHints {
  words: number;
  under75Words: boolean;
  asksQuestion: boolean;
  aboutThem: boolean;
  you: number;
  i: number;
}

const YOU_WORDS = new Set(['you', 'your', 'yours', 'yourself', 'yourselves', "you're", "you've", "you'll", "you'd", "y'all"]);
const I_WORDS = new Set(['i', 'me', 'my', 'mine', 'myself', "i'm", "i've", "i'll", "i'd"]);
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** The 2-Hour Job Search: under 75 words, ask a question, more "you" than "I". */
export function outreachHints(body: string): OutreachHints {
  const tokens = body.split(/\s+/).filter((t) => HAS_WORD_CHAR.test(t));
  let you = 0;
  let i = 0;
  for (const token of tokens) {
    const word = token.replace(/[\u2018\u2019\u02BC]/g, "'").replace(EDGE_PUNCTUATION, '').toLowerCase();
    if (YOU_WORDS.has(word)) you += 1;
    else if (I_WORDS.has(word)) i += 1;
  }
  return { words: tokens.length, under75Words: tokens.length < 75, asksQuestion: /[?\uFF1F]/.test(body), aboutThem: you > i, you, i };
}

/** Copies text, with a fallback for browsers (or plain-http pages) without the async clipboard. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea method
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
