/**
 * Hints for an outreach message, from The 2-Hour Job Search (Steve Dalton): keep it under
 * 75 words, ask a question, and say more about them than about yourself ("you" outnumbers "I").
 */
export interface OutreachHints {
  /** Words: whitespace-separated tokens that contain a letter or a digit. */
  words: number;
  /** Strictly fewer than 75 words. */
  under75Words: boolean;
  /** Contains a question mark. */
  asksQuestion: boolean;
  /** you/your/yours/yourself/you're… against I/me/my/mine/myself/I'm… (case-insensitive). */
  youVsI: { you: number; i: number };
  /** "you" words outnumber "I" words. */
  aboutThem: boolean;
}

const YOU_WORDS = new Set(['you', 'your', 'yours', 'yourself', 'yourselves', "you're", "you've", "you'll", "you'd", "y'all"]);
const I_WORDS = new Set(['i', 'me', 'my', 'mine', 'myself', "i'm", "i've", "i'll", "i'd"]);
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
// Leading and trailing punctuation, keeping inner apostrophes (you're) and hyphens.
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

export function outreachHints(body: string): OutreachHints {
  const tokens = body.split(/\s+/).filter((t) => HAS_WORD_CHAR.test(t));
  let you = 0;
  let i = 0;
  for (const token of tokens) {
    const word = token.replace(/[\u2018\u2019\u02BC]/g, "'").replace(EDGE_PUNCTUATION, '').toLowerCase();
    if (YOU_WORDS.has(word)) you += 1;
    else if (I_WORDS.has(word)) i += 1;
  }
  return {
    words: tokens.length,
    under75Words: tokens.length < 75,
    asksQuestion: /[?\uFF1F]/.test(body),
    youVsI: { you, i },
    aboutThem: you > i,
  };
}
