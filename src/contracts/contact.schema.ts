import { z } from 'zod';
import { idSchema, optionalText, pageOf, paginationSchema } from './common.schema.js';

export const labelledValueSchema = z.object({
  value: z.string().trim().min(1, 'Required').max(320),
  label: z.string().trim().max(40).optional(),
});

export const emailEntrySchema = labelledValueSchema.extend({
  value: z.string().trim().toLowerCase().pipe(z.email('Not a valid email address')),
});

export const phoneEntrySchema = labelledValueSchema.extend({
  value: z
    .string()
    .trim()
    .min(3, 'Too short for a phone number')
    .max(40)
    .regex(/^[+()\d][\d\s().\-/x#*]*$/i, 'Use digits, spaces and + ( ) - . only'),
});

export const tagSchema = z.string().trim().min(1, 'Empty tag').max(50, 'At most 50 characters');

/** LinkedIn profile URLs are kept canonical so that they can match across imports. */
export const linkedinUrlSchema = z
  .string()
  .trim()
  .transform((v) => (/^https?:\/\//i.test(v) ? v : `https://${v}`))
  .pipe(z.url('Not a valid URL'))
  .refine((v) => /^https?:\/\/([a-z]{2,3}\.)?(www\.)?linkedin\.com\//i.test(v), 'Must be a linkedin.com address');

/** The longest given or family name a contact may have; importers cut to it. */
export const NAME_MAX = 100;

const contactFields = {
  givenName: z.string().trim().max(NAME_MAX, `At most ${NAME_MAX} characters`),
  familyName: z.string().trim().max(NAME_MAX, `At most ${NAME_MAX} characters`),
  emails: z.array(emailEntrySchema).max(20, 'At most 20 emails'),
  phones: z.array(phoneEntrySchema).max(20, 'At most 20 phones'),
  linkedinUrl: z.union([linkedinUrlSchema, z.literal('').transform(() => null), z.null()]),
  organizationName: optionalText(200),
  /** The name as the person writes it (titles, middle names, suffixes); shown instead of first + last name. */
  fullName: optionalText(200),
  department: optionalText(200),
  title: optionalText(200),
  location: optionalText(200),
  notes: optionalText(20_000),
  sharedInterests: z.array(tagSchema).max(50),
  howWeMet: optionalText(1_000),
  introducedById: z.union([idSchema, z.null()]),
  tags: z.array(tagSchema).max(50, 'At most 50 tags'),
};

const needsAName = (v: { givenName?: string | undefined; familyName?: string | undefined }) =>
  Boolean(v.givenName?.trim() || v.familyName?.trim());
const nameIssue = { message: 'Give a first or a last name', path: ['givenName'] };

/** Body of POST /api/contacts and of `rapport contact add`. */
export const contactCreateSchema = z
  .object({
    givenName: contactFields.givenName.default(''),
    familyName: contactFields.familyName.default(''),
    emails: contactFields.emails.default([]),
    phones: contactFields.phones.default([]),
    linkedinUrl: contactFields.linkedinUrl.optional().transform((v) => v ?? null),
    organizationName: contactFields.organizationName,
    fullName: contactFields.fullName,
    department: contactFields.department,
    title: contactFields.title,
    location: contactFields.location,
    notes: contactFields.notes,
    sharedInterests: contactFields.sharedInterests.default([]),
    howWeMet: contactFields.howWeMet,
    introducedById: contactFields.introducedById.optional().transform((v) => v ?? null),
    tags: contactFields.tags.default([]),
  })
  .strict()
  .refine(needsAName, nameIssue);
export type ContactCreate = z.output<typeof contactCreateSchema>;
export type ContactCreateInput = z.input<typeof contactCreateSchema>;

/**
 * A contact added by hand (POST /api/contacts, `rapport contact add`). `force`: add them even
 * though someone already has this email or LinkedIn profile, or this name at this organization
 * (two people, or the user knows better).
 */
export const contactAddSchema = contactCreateSchema.extend({ force: z.boolean().default(false) });
export type ContactAdd = z.output<typeof contactAddSchema>;
export type ContactAddInput = z.input<typeof contactAddSchema>;

/**
 * Body of PATCH /api/contacts/:id. `version` is the version the editor started from: an edit
 * made on a stale copy is refused (409) instead of silently overwriting someone else's change.
 */
export const contactUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    givenName: contactFields.givenName.optional(),
    familyName: contactFields.familyName.optional(),
    emails: contactFields.emails.optional(),
    phones: contactFields.phones.optional(),
    linkedinUrl: contactFields.linkedinUrl.optional(),
    organizationName: contactFields.organizationName.optional(),
    fullName: contactFields.fullName.optional(),
    department: contactFields.department.optional(),
    title: contactFields.title.optional(),
    location: contactFields.location.optional(),
    notes: contactFields.notes.optional(),
    sharedInterests: contactFields.sharedInterests.optional(),
    howWeMet: contactFields.howWeMet.optional(),
    introducedById: contactFields.introducedById.optional(),
    tags: contactFields.tags.optional(),
  })
  .strict();
export type ContactUpdate = z.output<typeof contactUpdateSchema>;
export type ContactUpdateInput = z.input<typeof contactUpdateSchema>;

export const contactRefSchema = z.object({ id: z.string(), displayName: z.string() });
export type ContactRef = z.infer<typeof contactRefSchema>;

export const contactSchema = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  displayName: z.string(),
  /** Set when the person's name is written as more than first + last name; `displayName` is then this. */
  fullName: z.string().nullable(),
  emails: z.array(labelledValueSchema),
  phones: z.array(labelledValueSchema),
  linkedinUrl: z.string().nullable(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  location: z.string().nullable(),
  notes: z.string().nullable(),
  sharedInterests: z.array(z.string()),
  howWeMet: z.string().nullable(),
  introducedBy: contactRefSchema.nullable(),
  tags: z.array(z.string()),
  version: z.number().int(),
  /** Set when the contact was deleted but their history kept. */
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

/** A row of the contacts list: what the list shows, without the long text fields. */
export const contactSummarySchema = contactSchema.pick({
  id: true,
  givenName: true,
  familyName: true,
  displayName: true,
  organizationId: true,
  organizationName: true,
  title: true,
  location: true,
  tags: true,
  updatedAt: true,
}).extend({ primaryEmail: z.string().nullable() });
export type ContactSummary = z.infer<typeof contactSummarySchema>;

export const contactSortSchema = z.enum(['name', '-name', 'organization', '-organization', 'updated', '-updated', 'created', '-created']);
export type ContactSort = z.infer<typeof contactSortSchema>;

export const contactListQuerySchema = paginationSchema.extend({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(50).optional(),
  organization: z.string().trim().max(200).optional(),
  sort: contactSortSchema.default('name'),
});
export type ContactListQuery = z.output<typeof contactListQuerySchema>;
export type ContactListQueryInput = z.input<typeof contactListQuerySchema>;

export const contactPageSchema = pageOf(contactSummarySchema);
export type ContactPage = z.infer<typeof contactPageSchema>;

export const tagCountSchema = z.object({ tag: z.string(), count: z.number().int() });
export type TagCount = z.infer<typeof tagCountSchema>;
