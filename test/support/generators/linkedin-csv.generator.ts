/**
 * A synthetic LinkedIn Connections.csv (2024 era) for tests and benchmarks. Every name,
 * company and address is invented; the byte-level traits are those of real exports
 * (see FORMATS.md): the three-line preamble, quoting only where needed, ~3% hidden members
 * (rows empty but for the date), ~10% emails, emoji, flags, Cyrillic, Greek and CJK names,
 * tabs and trailing spaces in names, commas in quoted companies, percent-encoded URLs,
 * newest connection first and no trailing newline.
 */

export const LINKEDIN_PREAMBLE = [
  'Notes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
  '',
];
export const LINKEDIN_HEADER = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On';

const GIVEN = [
  'Maren', 'Tobias', 'Ines', 'Kwame', 'Aiko', 'Ruben', 'Saoirse', 'Lior', 'Noor', 'Mateus',
  'Ilse', 'Dario', 'Femi', 'Hana', 'Oskar', 'Yara', 'Teodor', 'Marisol', 'Anouk', 'Jovan',
  'Zoë', 'José', 'Ægir', 'Dmitri', 'Дмитрий', 'Анна', 'Ελένη', 'Νίκος', '美咲', '健太',
  'Priya 🚀', 'Sam 🇺🇦', 'Léa', 'Chidi', 'Björn', 'Tomás\t', 'Lee ', 'Jo  Ann',
];
const FAMILY = [
  'Holloway', 'Brandt', 'Castellanos', 'Okafor', 'Lindqvist', 'Adeyemi', 'Nakamura', 'Haddad',
  'Moreau', 'Kowalczyk', 'Ferreira', 'Van der Berg', "O'Connell", 'Quill', 'Ashby', 'Mbeki',
  'Соколова', 'Иванов', 'Παπαδάκη', 'Νικολάου', '佐藤', '高橋', 'Raman 🇮🇳', 'Smith, PhD',
  'Núñez', 'Øvergaard', 'Weiß  ', 'Dupré',
];
const COMPANIES = [
  'Quillfeather, Ltd.', 'Harbour & Pine, LLC', 'Northwind Analytics', 'Bluebird Labs',
  'Kestrel Freight', 'Orbitline', 'Mesa Verde Co-op', 'Vireo Health', 'Lumen Works, Inc.',
  'Северный Ветер', 'Λύκειο Ωμέγα', 'The "Good" Bakery', 'Fjord Systems', '',
];
const POSITIONS = [
  'Staff Engineer', 'Head of Talent', 'Recruiter', 'Founder & CEO', 'VP, Engineering',
  'Product Manager', 'Data Scientist', 'Инженер', 'Teacher', 'Career Coach', '',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function formatDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${day} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

function slugOf(given: string, family: string, n: number): string {
  const base = `${given} ${family}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
  // LinkedIn percent-encodes non-ASCII slugs in the export.
  return `${encodeURIComponent(base || 'member')}-${n.toString(16)}`;
}

export function generateLinkedInCsv(count: number, seed = 1): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const lines = [...LINKEDIN_PREAMBLE, LINKEDIN_HEADER];
  const date = new Date(Date.UTC(2026, 0, 15));
  for (let i = 0; i < count; i++) {
    // Newest first: a handful of connections per day, going back in time.
    if (next() < 0.2) date.setUTCDate(date.getUTCDate() - 1);
    const connectedOn = formatDate(date);
    if (next() < 0.03) {
      lines.push(`,,,,,,${connectedOn}`);
      continue;
    }
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    const slug = slugOf(given, family, 0x1000 + i);
    const email = next() < 0.1 ? `${slug.replace(/%[0-9A-F]{2}/g, '').replace(/^-+/, '') || 'member'}.${i}@example.com` : '';
    const cells = [given, family, `https://www.linkedin.com/in/${slug}`, email, pick(COMPANIES), pick(POSITIONS), connectedOn];
    lines.push(cells.map(quote).join(','));
  }
  return lines.join('\n');
}
