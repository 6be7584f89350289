/** Characters shown before the first word found, and in all (about two lines of the palette). */
const BEFORE = 40;
const LENGTH = 120;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The part of a text around the first place one of `words` occurs (case ignored), on one line
 * and about `LENGTH` characters long, cut at spaces, with "…" where it was cut. Null when none
 * of the words occurs. Used to show why a conversation was found by its notes.
 */
export function excerptAround(text: string, words: readonly string[]): string | null {
  const wanted = words.filter((w) => w.length > 0);
  if (wanted.length === 0) return null;
  const flat = text.replace(/\s+/gu, ' ').trim();
  const match = new RegExp(wanted.map(escapeRegExp).join('|'), 'iu').exec(flat);
  if (!match) return null;
  // Near the end of the text, the window moves back so that it is full.
  let start = Math.max(0, Math.min(match.index - BEFORE, flat.length - LENGTH));
  let end = Math.min(flat.length, start + LENGTH);
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space !== -1 && space < match.index ? space + 1 : start;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    end = space > match.index + match[0].length ? space : end;
  }
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
