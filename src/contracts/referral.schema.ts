import { z } from 'zod';
import { idSchema, optionalText, plausibleInstantSchema } from './common.schema.js';
import { adviceKindSchema } from './conversation.schema.js';
import { contactRefSchema } from './contact.schema.js';

/** Offered → contacted → met → led to interview → led to offer. Moves forward by itself as conversations happen. */
export const referralStatusSchema = z.enum(['offered', 'contacted', 'met', 'led-to-interview', 'led-to-offer']);
export type ReferralStatus = z.infer<typeof referralStatusSchema>;
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  offered: 'Offered',
  contacted: 'Contacted',
  met: 'Met',
  'led-to-interview': 'Led to an interview',
  'led-to-offer': 'Led to an offer',
};

export const referralCreateSchema = z
  .object({
    fromContactId: idSchema,
    toContactId: idSchema.nullish().transform((v) => v ?? null),
    toOrganizationId: idSchema.nullish().transform((v) => v ?? null),
    conversationId: idSchema.nullish().transform((v) => v ?? null),
    status: referralStatusSchema.default('offered'),
    note: optionalText(1_000),
    offeredAt: plausibleInstantSchema.optional(),
  })
  .strict()
  .refine((v) => Boolean(v.toContactId) || Boolean(v.toOrganizationId), { message: 'Refer to a person or an organization', path: ['toContactId'] })
  .refine((v) => v.toContactId !== v.fromContactId, { message: 'A contact cannot refer you to themselves', path: ['toContactId'] });
export type ReferralCreate = z.output<typeof referralCreateSchema>;
export type ReferralCreateInput = z.input<typeof referralCreateSchema>;

export const referralUpdateSchema = z
  .object({ version: z.number().int().min(1), status: referralStatusSchema.optional(), note: optionalText(1_000).optional() })
  .strict();
export type ReferralUpdate = z.output<typeof referralUpdateSchema>;

export const referralSchema = z.object({
  id: z.string(),
  from: contactRefSchema,
  to: contactRefSchema.nullable(),
  toOrganization: z.object({ id: z.string(), name: z.string() }).nullable(),
  conversationId: z.string().nullable(),
  status: referralStatusSchema,
  note: z.string().nullable(),
  offeredAt: z.string(),
  statusChangedAt: z.string(),
  version: z.number().int(),
});
export type Referral = z.infer<typeof referralSchema>;

export const referralListQuerySchema = z.object({ contactId: idSchema.optional(), status: referralStatusSchema.optional() });

/** The people who led to someone: A introduced B who introduced C — oldest first, the contact last. */
export const referralChainSchema = z.object({ chain: z.array(contactRefSchema) });

export const adviceStatusSchema = z.enum(['open', 'done', 'dropped']);
export const adviceCreateSchema = z
  .object({
    contactId: idSchema,
    conversationId: idSchema.nullish().transform((v) => v ?? null),
    kind: adviceKindSchema.default('other'),
    title: z.string().trim().min(1, 'Required').max(300),
    notes: optionalText(5_000),
  })
  .strict();
export type AdviceCreate = z.output<typeof adviceCreateSchema>;
export type AdviceCreateInput = z.input<typeof adviceCreateSchema>;
export const adviceUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    kind: adviceKindSchema.optional(),
    title: z.string().trim().min(1).max(300).optional(),
    notes: optionalText(5_000).optional(),
    status: adviceStatusSchema.optional(),
    updateSent: z.boolean().optional(),
  })
  .strict();
export type AdviceUpdate = z.output<typeof adviceUpdateSchema>;
export const adviceSchema = z.object({
  id: z.string(),
  from: contactRefSchema,
  conversationId: z.string().nullable(),
  kind: adviceKindSchema,
  title: z.string(),
  notes: z.string().nullable(),
  status: adviceStatusSchema,
  doneAt: z.string().nullable(),
  updateSentAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Advice = z.infer<typeof adviceSchema>;
export const adviceListQuerySchema = z.object({ contactId: idSchema.optional(), status: adviceStatusSchema.optional() });
