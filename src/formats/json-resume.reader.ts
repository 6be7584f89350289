import { z } from 'zod';

/**
 * A JSON Resume (jsonresume.org) file, the parts that seed the Profile: `basics.label`
 * (headline), `basics.summary` (pitch), `basics.location`, `skills[]` (name and keywords) and
 * `work[]`. Other keys are allowed and ignored. A file that breaks the schema is refused with
 * the field named (`skills[2].name: Expected a string`).
 */

const text = z.string().max(20_000, 'At most 20,000 characters');
const optionalText = text.optional();

const jsonResumeSchema = z.looseObject({
  basics: z
    .looseObject({
      name: optionalText,
      label: optionalText,
      email: optionalText,
      summary: optionalText,
      location: z.looseObject({ city: optionalText, region: optionalText, countryCode: optionalText }).optional(),
    })
    .optional(),
  skills: z
    .array(z.looseObject({ name: text, level: optionalText, keywords: z.array(text).max(200).optional() }))
    .max(500)
    .optional(),
  work: z
    .array(
      z.looseObject({
        name: optionalText,
        company: optionalText,
        position: optionalText,
        location: optionalText,
        startDate: optionalText,
        endDate: optionalText,
        summary: optionalText,
        highlights: z.array(text).optional(),
      }),
    )
    .max(200)
    .optional(),
});

export interface JsonResume {
  name: string;
  label: string;
  email: string;
  summary: string;
  location: string;
  skills: string[];
  work: { organization: string; position: string; location: string; startDate: string; endDate: string }[];
}

export class JsonResumeError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'JsonResumeError';
  }
}

/** `skills.2.name` → `skills[2].name`, as a person reading the JSON would write it. */
function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

const clean = (value: string | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();

export function readJsonResume(source: string): JsonResume {
  let raw: unknown;
  try {
    raw = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new JsonResumeError(`Not a JSON Resume: the file is not valid JSON (${message})`, [{ path: '(root)', message: 'Not valid JSON' }]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new JsonResumeError('Not a JSON Resume: expected an object with "basics", "skills" and "work"', [{ path: '(root)', message: 'Expected an object' }]);
  }
  const parsed = jsonResumeSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
    const first = issues[0];
    throw new JsonResumeError(`Not a valid JSON Resume: ${first ? `${first.path}: ${first.message}` : 'bad shape'}`, issues);
  }
  const r = parsed.data;
  const location = r.basics?.location;
  const skills: string[] = [];
  const seen = new Set<string>();
  for (const s of r.skills ?? []) {
    for (const name of [s.name, ...(s.keywords ?? [])]) {
      const n = clean(name);
      if (n && !seen.has(n.toLowerCase())) {
        seen.add(n.toLowerCase());
        skills.push(n);
      }
    }
  }
  return {
    name: clean(r.basics?.name),
    label: clean(r.basics?.label),
    email: clean(r.basics?.email),
    summary: (r.basics?.summary ?? '').trim(),
    location: [location?.city, location?.region, location?.countryCode].map(clean).filter(Boolean).join(', '),
    skills,
    work: (r.work ?? [])
      .map((w) => ({
        organization: clean(w.name ?? w.company),
        position: clean(w.position),
        location: clean(w.location),
        startDate: clean(w.startDate),
        endDate: clean(w.endDate),
      }))
      .filter((w) => w.organization || w.position),
  };
}

/** Whether the text looks like JSON (a JSON Resume) rather than CSV. */
export function looksLikeJson(source: string): boolean {
  return /^\s*[{[]/.test(source.replace(/^\uFEFF/, ''));
}
