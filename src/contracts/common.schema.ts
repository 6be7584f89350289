import { z } from 'zod';

/** Record ids are opaque text (UUIDv7), the same on SQLite and PostgreSQL. */
export const idSchema = z.string().trim().min(1, 'Required').max(64);

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
  z
    .string()
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

/** Every error the API returns has this shape; `code` is stable, `message` is for people. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(fieldIssueSchema).optional(),
    /** On a 409 for a record entered twice: the one already there (send `force: true` to add it anyway). */
    existing: z.object({ type: z.enum(['conversation', 'contact']), id: z.string(), label: z.string() }).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
