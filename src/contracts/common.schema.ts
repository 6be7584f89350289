import { z } from 'zod';

// ---------------------------------------------------------------- the text rule

// A quick test first: almost all text has neither, and then the precise scan is skipped.
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex
const BAD = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The one rule for every text Rapport takes in (HTTP bodies, path ids and query values, CLI
 * input, imported files, restored backups): no NUL character and no lone surrogate.
 * PostgreSQL cannot store U+0000 in text (SQLite can, so a SQLite backup holding one could
 * not be restored into PostgreSQL), and a lone surrogate is half of a character, written by
 * both engines as U+FFFD: the text would not come back as it was given. Returns what is
 * wrong, or null.
 */
export function textProblem(value: string): string | null {
  if (!SUSPECT.test(value)) return null;
  const bad = BAD.exec(value);
  if (!bad) return null;
  const code = bad[0].charCodeAt(0);
  return code === 0
    ? 'contains a NUL character (U+0000), which cannot be stored'
    : `contains U+${code.toString(16).toUpperCase()}, half of a character (a lone surrogate): the text was damaged on its way`;
}

/**
 * Every string of a parsed value (a JSON body, a query, a file's records) checked with
 * {@link textProblem}, keys included; the issues name the field by its path (`emails.0.value`).
 */
export function findTextProblems(value: unknown, path = '', limit = 20): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (v: unknown, at: string): void => {
    if (issues.length >= limit) return;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) issues.push({ path: at, message: problem });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, at ? `${at}.${i}` : String(i)));
    } else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !(v instanceof Date)) {
      // Parsed input only: JSON values, and query objects (whose prototype is not Object's).
      for (const [key, item] of Object.entries(v)) {
        const keyProblem = textProblem(key);
        if (keyProblem && issues.length < limit) issues.push({ path: at || 'body', message: `a field name ${keyProblem}` });
        visit(item, at ? `${at}.${key}` : key);
      }
    }
  };
  visit(value, path);
  return issues;
}

/** A string under {@link textProblem}'s rule: the shared text schema for values stored as given. */
export const safeString = () =>
  z.string().superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Record ids are opaque text (UUIDv7), the same on SQLite and PostgreSQL. */
export const idSchema = safeString().trim().min(1, 'Required').max(64);

export const isoInstantSchema = z.string().datetime({ offset: true });

/**
 * The dates a job search can have, for every date a person enters (conversations, events,
 * referrals, due dates, snoozes): one range for the web forms, the API and the CLI. A date
 * outside it is a typo (1901 for 2019) that would otherwise show as "45,961 days overdue".
 */
export const PLAUSIBLE_YEARS = { from: 1950, to: 2099 } as const;
const PLAUSIBLE_MESSAGE = `Use a date between ${PLAUSIBLE_YEARS.from} and ${PLAUSIBLE_YEARS.to}`;

/** True when the ISO date or instant falls in `PLAUSIBLE_YEARS` (by its UTC year). */
export function isPlausibleDate(value: string): boolean {
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return true; // the format check names that problem
  const year = new Date(ms).getUTCFullYear();
  return year >= PLAUSIBLE_YEARS.from && year <= PLAUSIBLE_YEARS.to;
}

/** An instant a person entered: ISO 8601 with an offset, within `PLAUSIBLE_YEARS`. */
export const plausibleInstantSchema = isoInstantSchema.refine(isPlausibleDate, PLAUSIBLE_MESSAGE);
export const plausibleDateMessage = PLAUSIBLE_MESSAGE;

/** An optional free-text field: blank means "not set" (null). */
export const optionalText = (max: number) =>
  safeString()
    .trim()
    .max(max, `At most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const paginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const fieldIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/**
 * On a 409 for a record entered twice: the one already there (send `force: true` to add it
 * anyway). `label` is how a person recognises it; a contact also says what matched.
 */
export const existingRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('conversation'), id: z.string(), label: z.string() }),
  z.object({
    type: z.literal('contact'),
    id: z.string(),
    label: z.string(),
    displayName: z.string(),
    organization: z.string().nullable(),
    /** What the new contact shares with them: an email, the LinkedIn profile, or name and organization. */
    matchedBy: z.enum(['email', 'linkedin', 'name']),
  }),
]);
export type ExistingRecord = z.infer<typeof existingRecordSchema>;

/** Every error the API returns has this shape; `code` is stable, `message` is for people. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(fieldIssueSchema).optional(),
    existing: existingRecordSchema.optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/**
 * Every 400: the error shape with `issues` naming at least one field (a body field, a path
 * parameter, a query value, `body` for a body that is not JSON, `file` for an upload). The
 * OpenAPI document gives this shape to every route's 400 (server/openapi.ts).
 */
export const badRequestResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(fieldIssueSchema.extend({ path: z.string().min(1) })).min(1),
  }),
});

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
