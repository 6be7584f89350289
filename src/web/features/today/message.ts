/**
 * The parts of a message the dialog recomputes while the user edits it: the server's own pure
 * functions from domain/templates (the one part of the domain the web imports; see ARCHITECTURE).
 */
import { mailtoUrl as domainMailto } from '../../../domain/templates/mailto.js';
import { outreachHints as domainHints } from '../../../domain/templates/outreach-hints.js';

/** `mailto:stan@acme.test?subject=Thank%20you&body=Hi%20Stan%2C%0D%0A…` (RFC 6068, the server's own encoder). */
export function mailtoUrl(to: readonly (string | null)[], subject: string, body: string): string {
  return domainMailto(to.filter((a): a is string => Boolean(a && a.trim())), subject, body);
}

export interface OutreachHints {
  words: number;
  under75Words: boolean;
  asksQuestion: boolean;
  aboutThem: boolean;
  you: number;
  i: number;
}

/** The 2-Hour Job Search: under 75 words, ask a question, more "you" than "I". */
export function outreachHints(body: string): OutreachHints {
  const h = domainHints(body);
  return { words: h.words, under75Words: h.under75Words, asksQuestion: h.asksQuestion, aboutThem: h.aboutThem, you: h.youVsI.you, i: h.youVsI.i };
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
