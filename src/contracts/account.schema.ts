import { z } from 'zod';

/** Server mode: who signs in, in which organization, with which role. */

export const roleSchema = z.enum(['admin', 'coach', 'seeker']);
export type Role = z.infer<typeof roleSchema>;

/** Trimmed and lower-cased, so that one address is one account whatever its case. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'At most 254 characters')
  .email('Not an email address')
  .transform((v) => v.toLowerCase());

/** Long enough to resist guessing; the upper bound keeps hashing cheap for a forged request. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`);

export const displayNameSchema = z.string().trim().min(1, 'Required').max(120, 'At most 120 characters');

export const loginSchema = z
  .object({
    email: z.string().trim().min(1, 'Required').max(254, 'At most 254 characters'),
    // Not the new-password rules: a wrong password of any length is just wrong.
    password: z.string().min(1, 'Required').max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`),
  })
  .strict();
export type LoginInput = z.infer<typeof loginSchema>;

export const membershipSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  role: roleSchema,
});

export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  memberships: z.array(membershipSchema),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** What the web app needs after signing in: who, and the token to send with every write. */
export const sessionInfoSchema = z.object({
  user: sessionUserSchema,
  csrfToken: z.string(),
});

export const invitationCreateSchema = z
  .object({
    email: emailSchema,
    role: roleSchema,
  })
  .strict();
export type InvitationCreate = z.infer<typeof invitationCreateSchema>;

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** An invitation as its link shows it before accepting (nothing about other accounts). */
export const invitationPreviewSchema = z.object({
  email: z.string(),
  role: roleSchema,
  organizationName: z.string(),
  expiresAt: z.string(),
});

export const tokenSchema = z.string().trim().min(20, 'Not a valid link').max(200, 'Not a valid link');

export const invitationAcceptSchema = z
  .object({
    token: tokenSchema,
    displayName: displayNameSchema,
    password: newPasswordSchema,
  })
  .strict();
export type InvitationAccept = z.infer<typeof invitationAcceptSchema>;

export const passwordResetSchema = z
  .object({
    token: tokenSchema,
    password: newPasswordSchema,
  })
  .strict();

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'Required').max(PASSWORD_MAX),
    newPassword: newPasswordSchema,
  })
  .strict();

/** A link to hand to someone (an invitation, a password reset): shown once, stored only hashed. */
export const issuedLinkSchema = z.object({
  url: z.string(),
  expiresAt: z.string(),
});

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const deviceSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});
