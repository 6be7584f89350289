import { z } from 'zod';
import { idSchema, optionalText, plausibleInstantSchema } from './common.schema.js';
import { contactRefSchema } from './contact.schema.js';
import { timeZoneSchema } from './conversation.schema.js';

export const eventKindSchema = z.enum(['job-networking-meeting', 'mixer', 'conference', 'career-fair', 'other']);
export const EVENT_KIND_LABELS: Record<z.infer<typeof eventKindSchema>, string> = {
  'job-networking-meeting': 'Job-networking meeting',
  mixer: 'Social mixer',
  conference: 'Conference',
  'career-fair': 'Career fair',
  other: 'Event',
};

export const eventCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'Required').max(200),
    kind: eventKindSchema.default('job-networking-meeting'),
    startsAt: plausibleInstantSchema,
    timeZone: timeZoneSchema.default('UTC'),
    place: optionalText(300),
    notes: optionalText(20_000),
    attendeeIds: z.array(idSchema).max(500).default([]),
  })
  .strict();
export type EventCreate = z.output<typeof eventCreateSchema>;
export type EventCreateInput = z.input<typeof eventCreateSchema>;

export const eventUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1).max(200).optional(),
    kind: eventKindSchema.optional(),
    startsAt: plausibleInstantSchema.optional(),
    timeZone: timeZoneSchema.optional(),
    place: optionalText(300).optional(),
    notes: optionalText(20_000).optional(),
    attendeeIds: z.array(idSchema).max(500).optional(),
  })
  .strict();
export type EventUpdate = z.output<typeof eventUpdateSchema>;

export const eventSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: eventKindSchema,
  startsAt: z.string(),
  timeZone: z.string(),
  place: z.string().nullable(),
  notes: z.string().nullable(),
  attendees: z.array(contactRefSchema),
  version: z.number().int(),
  createdAt: z.string(),
});
export type NetworkingEvent = z.infer<typeof eventSchema>;
