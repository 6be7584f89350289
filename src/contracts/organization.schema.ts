import { z } from 'zod';
import { optionalText, pageOf, paginationSchema } from './common.schema.js';
import { contactSummarySchema } from './contact.schema.js';

const name = z.string().trim().min(1, 'Required').max(200, 'At most 200 characters');
const website = z
  .string()
  .trim()
  .transform((v) => (v && !/^https?:\/\//i.test(v) ? `https://${v}` : v))
  .pipe(z.union([z.literal(''), z.url('Not a valid URL')]))
  .transform((v) => v || null);

export const organizationCreateSchema = z
  .object({
    name,
    website: website.nullish().transform((v) => v ?? null),
    industry: optionalText(200),
    location: optionalText(200),
    notes: optionalText(20_000),
  })
  .strict();
export type OrganizationCreate = z.output<typeof organizationCreateSchema>;
export type OrganizationCreateInput = z.input<typeof organizationCreateSchema>;

export const organizationUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    name: name.optional(),
    website: website.nullish(),
    industry: optionalText(200).optional(),
    location: optionalText(200).optional(),
    notes: optionalText(20_000).optional(),
  })
  .strict();
export type OrganizationUpdate = z.output<typeof organizationUpdateSchema>;
export type OrganizationUpdateInput = z.input<typeof organizationUpdateSchema>;

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  website: z.string().nullable(),
  industry: z.string().nullable(),
  location: z.string().nullable(),
  notes: z.string().nullable(),
  contactCount: z.number().int(),
  onTargetList: z.boolean(),
  version: z.number().int(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const organizationSortSchema = z.enum(['name', '-name', 'contacts', '-contacts', 'updated', '-updated']);
export type OrganizationSort = z.infer<typeof organizationSortSchema>;

export const organizationListQuerySchema = paginationSchema.extend({
  q: z.string().trim().max(200).optional(),
  sort: organizationSortSchema.default('name'),
});
export type OrganizationListQuery = z.output<typeof organizationListQuerySchema>;
export type OrganizationListQueryInput = z.input<typeof organizationListQuerySchema>;

export const organizationPageSchema = pageOf(organizationSchema);
export type OrganizationPage = z.infer<typeof organizationPageSchema>;

/** The live contacts working at an organization (the "people there" of its page), by name. */
export const organizationPeopleQuerySchema = paginationSchema;
export type OrganizationPeopleQuery = z.output<typeof organizationPeopleQuerySchema>;
export const organizationPeopleSchema = pageOf(contactSummarySchema);
export type OrganizationPeople = z.infer<typeof organizationPeopleSchema>;

/**
 * What deleting a record would touch; the user chooses what to do with it. Only kinds with a
 * non-zero count are listed; `label` is a sentence for people ("2 contacts work there").
 */
export const referencesSchema = z.object({
  total: z.number().int(),
  items: z.array(z.object({ kind: z.string(), count: z.number().int(), label: z.string() })),
});
export type References = z.infer<typeof referencesSchema>;

/**
 * keep-history: the record leaves every list, but the conversations, referrals and advice that
 * mention it keep its name. remove: it and what only it gave meaning to are deleted.
 */
export const deleteModeSchema = z.object({ mode: z.enum(['keep-history', 'remove']).default('keep-history') });
export type DeleteMode = z.output<typeof deleteModeSchema>['mode'];
