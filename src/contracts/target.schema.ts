import { z } from 'zod';
import { idSchema, optionalText } from './common.schema.js';
import { contactRefSchema } from './contact.schema.js';

export const targetStatusSchema = z.enum(['researching', 'networking', 'in-process', 'paused', 'dropped']);
export type TargetStatus = z.infer<typeof targetStatusSchema>;
export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  researching: 'Researching',
  networking: 'Networking in',
  'in-process': 'In process',
  paused: 'Paused',
  dropped: 'Dropped',
};

/** LAMP scores (The 2-Hour Job Search): Motivation 0–3 and Posting 1–3 are the user's; Advocacy is derived. */
export const motivationSchema = z.number().int().min(0, 'Motivation is 0–3').max(3, 'Motivation is 0–3');
export const postingSchema = z.number().int().min(1, 'Posting is 1–3').max(3, 'Posting is 1–3');

export const targetAddSchema = z
  .object({
    organizationId: idSchema.optional(),
    organizationName: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters').optional(),
    motivation: motivationSchema.default(2),
    posting: postingSchema.default(1),
    status: targetStatusSchema.default('researching'),
    suggestedById: idSchema.nullish().transform((v) => v ?? null),
    notes: optionalText(5_000),
  })
  .strict()
  .refine((v) => Boolean(v.organizationId) !== Boolean(v.organizationName), {
    message: 'Give either organizationId or organizationName',
    path: ['organizationName'],
  });
export type TargetAdd = z.output<typeof targetAddSchema>;
export type TargetAddInput = z.input<typeof targetAddSchema>;

export const targetUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    motivation: motivationSchema.optional(),
    posting: postingSchema.optional(),
    status: targetStatusSchema.optional(),
    suggestedById: idSchema.nullable().optional(),
    notes: optionalText(5_000).optional(),
  })
  .strict();
export type TargetUpdate = z.output<typeof targetUpdateSchema>;
export type TargetUpdateInput = z.input<typeof targetUpdateSchema>;

/** A position beyond the end of the list means "last". */
export const targetMoveSchema = z.object({ position: z.number().int().min(1, 'Positions start at 1') }).strict();
export type TargetMove = z.output<typeof targetMoveSchema>;

export const targetSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  rank: z.number().int(),
  motivation: z.number().int(),
  posting: z.number().int(),
  /** Derived: 1 if I know someone there, 0 if not (the A of LAMP). */
  advocacy: z.number().int(),
  status: targetStatusSchema,
  suggestedBy: contactRefSchema.nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
  addedAt: z.string(),
  coverage: z.object({
    contactCount: z.number().int(),
    bestContact: contactRefSchema.extend({ title: z.string().nullable(), searchStage: z.number().int() }).nullable(),
    lastTouchAt: z.string().nullable(),
    /** The furthest search stage reached there: 0 nobody known, 1 someone, 2 right level, 3 something in the works. */
    stage: z.number().int(),
  }),
});
export type Target = z.infer<typeof targetSchema>;

export const targetOrderSchema = z.enum(['rank', 'lamp']);
export type TargetOrder = z.infer<typeof targetOrderSchema>;

/**
 * order=rank is the user's own ranking; order=lamp is The 2-Hour Job Search's LAMP order:
 * Motivation, then Posting, then Advocacy (all descending), the user's rank breaking ties.
 */
export const targetListQuerySchema = z.object({
  order: targetOrderSchema.default('rank'),
  status: targetStatusSchema.optional(),
});
export type TargetListQuery = z.output<typeof targetListQuerySchema>;
export type TargetListQueryInput = z.input<typeof targetListQuerySchema>;

/** The whole target list: it is short (tens of organizations), so it is not paged. */
export const targetListSchema = z.object({ items: z.array(targetSchema), total: z.number().int() });
export type TargetList = z.infer<typeof targetListSchema>;
