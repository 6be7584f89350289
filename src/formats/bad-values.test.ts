import { describe, expect, it } from 'vitest';
import { allWarnings, NO_NAME } from './contact-fields.js';
import { readContactFile } from './read-contacts.js';

/*
 * A bad value costs only that value: the person is kept with their good values, and the value
 * left out is a warning naming its line and field. These are the values real programs write
 * that stopped whole imports (issue 13): Outlook 2003's placeholder phone, a fax number with
 * escaped separators, an address that decodes to nothing like an email.
 */

const crlf = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');

describe('a vCard with bad values keeps its person', () => {
  const bytes = crlf(
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N:Haddad;Yara',
    'FN:Yara Haddad',
    'ORG:Orbitline',
    'TEL;WORK;VOICE:BusinessPhone',
    'TEL;TYPE="WORK,FAX":205246\\;\\;\\,\\;',
    'TEL;CELL:+44 7700 900123',
    'EMAIL;PREF;INTERNET;ENCODING=QUOTED-PRINTABLE:=E4=F6=FC=00=1B[2J',
    'EMAIL;INTERNET:yara@orbitline.example',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N:Li;Bo',
    'TEL;HOME:+1 555 0100',
    'END:VCARD',
  );
  const result = readContactFile(bytes);

  it('imports both cards, each with its good values', () => {
    expect(result.rows.map((r) => r.line)).toEqual([1, 12]);
    expect(result.rows[0]!.contact).toMatchObject({
      givenName: 'Yara',
      familyName: 'Haddad',
      organizationName: 'Orbitline',
      phones: [{ value: '+44 7700 900123', label: 'mobile' }],
      emails: [{ value: 'yara@orbitline.example' }],
    });
    expect(result.skipped).toEqual([]);
  });

  it('lists each value left out with its own line and field, counted once per person', () => {
    expect(allWarnings(result)).toEqual([
      { line: 6, field: 'TEL', message: '"BusinessPhone" is not a phone number; left out' },
      { line: 7, field: 'TEL', message: '"205246;;,;" is not a phone number; left out' },
      { line: 9, field: 'EMAIL', message: expect.stringMatching(/is not an email address; left out$/) },
    ]);
    expect(result.rows.filter((r) => r.warnings.length > 0)).toHaveLength(1);
  });

  it('never quotes a control character from the file in a warning', () => {
    // eslint-disable-next-line no-control-regex
    expect(allWarnings(result).every((w) => !/[\u0000-\u001f]/.test(w.message))).toBe(true);
  });
});

describe('a LinkedIn row without a name', () => {
  const text = [
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    'Ada,Quill,https://www.linkedin.com/in/ada-quill,,Lumen Works,Engineer,02 Jan 2020',
    ',,https://www.linkedin.com/in/ghost,,Ghost Co,Nobody,01 Jan 2020',
    '',
  ].join('\n');
  const result = readContactFile(Buffer.from(text));

  it('is skipped with the reason, not named after its company', () => {
    expect(result.rows.map((r) => r.contact.givenName)).toEqual(['Ada']);
    expect(result.skipped).toEqual([{ line: 3, reason: NO_NAME }]);
  });
});
