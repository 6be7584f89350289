import type { ContactCreate } from '../../src/contracts/contact.schema.js';
import { contactCreateSchema, type ContactCreateInput } from '../../src/contracts/contact.schema.js';

let sequence = 0;

/** A valid contact as the API would receive it; override what the test is about. */
export function buildContact(overrides: ContactCreateInput = {}): ContactCreate {
  sequence += 1;
  return contactCreateSchema.parse({
    givenName: `Given${sequence}`,
    familyName: `Family${sequence}`,
    ...overrides,
  });
}
