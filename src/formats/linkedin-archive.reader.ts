import { FormatError } from './contact-import.types.js';
import { normaliseText } from './decode.js';
import { CsvColumns, headerKey, isBlankRecord, parseCsvRecords, readCsvTable, type CsvRecord } from './csv-table.js';

/**
 * The files of the full LinkedIn archive that describe the seeker (FORMATS.md): Profile.csv
 * (First Name, Last Name, Headline, Summary, Industry, Geo Location…), Positions.csv (Company
 * Name, Title, Description, Location, Started On, Finished On) and Skills.csv (Name). They seed
 * the Profile. Columns are found by name, never by position.
 */

export type LinkedInArchiveFile = 'profile' | 'positions' | 'skills';

export interface LinkedInProfile {
  firstName: string;
  lastName: string;
  headline: string;
  summary: string;
  industry: string;
  location: string;
}

export interface LinkedInPosition {
  companyName: string;
  title: string;
  description: string;
  location: string;
  startedOn: string;
  finishedOn: string;
}

const has = (cells: string[], ...names: string[]) => {
  const keys = new Set(cells.map(headerKey));
  return names.every((n) => keys.has(headerKey(n)));
};

/** Which archive file a header row belongs to, or null. */
export function classifyArchiveHeader(cells: string[]): LinkedInArchiveFile | null {
  if (has(cells, 'Company Name', 'Title') && (has(cells, 'Started On') || has(cells, 'Finished On'))) return 'positions';
  if (has(cells, 'First Name', 'Last Name') && (has(cells, 'Headline') || has(cells, 'Summary'))) return 'profile';
  if (cells.length === 1 && has(cells, 'Name')) return 'skills';
  return null;
}

/** Which archive file this text is (by its header row), or null when it is none of them. */
export function detectArchiveFile(text: string): LinkedInArchiveFile | null {
  if (singleColumnSkills(text)) return 'skills';
  try {
    return readCsvTable(text, classifyArchiveHeader, 'none').flavour;
  } catch (error) {
    if (error instanceof FormatError) return null;
    throw error;
  }
}

const clean = (value: string) => value.replace(/\s+/g, ' ').trim();
/** Summaries keep their paragraphs. */
const cleanBlock = (value: string) =>
  value
    .split(/\n{2,}/)
    .map((p) => p.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');

function table(text: string, want: LinkedInArchiveFile, label: string) {
  const t = readCsvTable(text, (cells) => (classifyArchiveHeader(cells) === want ? want : null), `Not a LinkedIn ${label}: no row with its headers`);
  return t;
}

const get = (columns: CsvColumns, cells: string[], ...names: string[]) => columns.get(cells, ...names);

export function readLinkedInProfileCsv(text: string): LinkedInProfile {
  const t = table(text, 'profile', 'Profile.csv (First Name, Last Name, Headline, Summary)');
  const record = [...t.records].find((r) => !isBlankRecord(r.cells));
  if (!record) throw new FormatError('Profile.csv has a header but no profile row', t.headerLine + 1);
  const c = record.cells;
  return {
    firstName: clean(get(t.columns, c, 'First Name')),
    lastName: clean(get(t.columns, c, 'Last Name')),
    headline: clean(get(t.columns, c, 'Headline')),
    summary: cleanBlock(get(t.columns, c, 'Summary')),
    industry: clean(get(t.columns, c, 'Industry')),
    location: clean(get(t.columns, c, 'Geo Location', 'Location')),
  };
}

/** Positions, most recent first (the archive lists them that way; a current one has no Finished On). */
export function readLinkedInPositionsCsv(text: string): LinkedInPosition[] {
  const t = table(text, 'positions', 'Positions.csv (Company Name, Title, Started On)');
  return [...t.records]
    .filter((r) => !isBlankRecord(r.cells))
    .map((r) => ({
      companyName: clean(get(t.columns, r.cells, 'Company Name')),
      title: clean(get(t.columns, r.cells, 'Title')),
      description: cleanBlock(get(t.columns, r.cells, 'Description')),
      location: clean(get(t.columns, r.cells, 'Location')),
      startedOn: clean(get(t.columns, r.cells, 'Started On')),
      finishedOn: clean(get(t.columns, r.cells, 'Finished On')),
    }))
    .filter((p) => p.companyName || p.title);
}

/**
 * Skills.csv has one column, so its header holds no delimiter and the shared header scan (which
 * looks for delimited rows) cannot see it: a first line that is just "Name" is read here.
 */
function singleColumnSkills(text: string): { columns: CsvColumns; records: CsvRecord[] } | null {
  const normal = normaliseText(text);
  const newline = normal.indexOf('\n');
  const first = newline < 0 ? normal : normal.slice(0, newline);
  if (headerKey(first.replace(/^"|"$/g, '')) !== 'name') return null;
  const { records } = parseCsvRecords(newline < 0 ? '' : normal.slice(newline + 1), 2);
  return { columns: new CsvColumns(['Name']), records };
}

/** Skill names in file order, without duplicates (case-insensitive). */
export function readLinkedInSkillsCsv(text: string): string[] {
  const t = singleColumnSkills(text) ?? table(text, 'skills', 'Skills.csv (Name)');
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of t.records) {
    const name = clean(get(t.columns, r.cells, 'Name'));
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}
