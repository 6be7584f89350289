import { z } from 'zod';

/** Record ids are opaque text (UUIDv7), the same on SQLite and PostgreSQL. */
export const idSchema = z.string().trim().min(1, 'Required').max(64);

export const isoInstantSchema = z.string().datetime({ offset: true });

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
