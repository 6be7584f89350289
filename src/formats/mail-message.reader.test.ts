import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMailMessage, MailMessageError, messageIds } from './mail-message.reader.js';
import { readMbox, type RawMessage } from './mbox.reader.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/mail');
const file = (name: string) => fs.readFileSync(path.join(fixtures, name));

async function mbox(name: string): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const m of readMbox(fs.createReadStream(path.join(fixtures, name)))) out.push(m);
  return out;
}

describe('mail message reader', () => {
  it('reads a multipart/alternative, quoted-printable, CRLF message: who, when, thread and the first words', async () => {
    const [first, reply] = await mbox('gmail-takeout.mbox');
    const m = await readMailMessage(first!.bytes);
    expect(m).toMatchObject({
      messageId: 'm1.coffee@mail.example.test',
      inReplyTo: [],
      sentAt: '2026-03-02T09:00:00.000Z',
      from: { address: 'morgan.lee@example.test', name: 'Morgan Lee' },
      to: [{ address: 'stan@acme.test', name: 'Stan Fields' }],
      subject: 'Coffee next week?',
      automated: null,
      labels: ['Sent'],
    });
    // Soft line breaks joined; the plain part is preferred to the HTML.
    expect(m.snippet).toBe('Hi Stan, Would you have 20 minutes for a coffee next week? I would love to hear how the robotics team got started. From the team page I gather you hire in Lyon too. Morgan');
    const r = await readMailMessage(reply!.bytes);
    // Addresses are lower-cased; the date keeps its offset's instant; the quoted text is cut.
    expect(r).toMatchObject({ from: { address: 'stan@acme.test' }, sentAt: '2026-03-03T14:00:00.000Z', inReplyTo: ['m1.coffee@mail.example.test'], references: ['m1.coffee@mail.example.test'] });
    expect(r.snippet).toBe('Happy to! Thursday at 10 works for me.');
  });

  it('decodes RFC 2047 encoded subjects and names and legacy charsets', async () => {
    const messages = await mbox('gmail-takeout.mbox');
    const elodie = await readMailMessage(messages[3]!.bytes);
    expect(elodie.subject).toBe('Café Nova — merci !');
    expect(elodie.from).toEqual({ address: 'elodie@cafe-nova.test', name: 'Élodie Martin' });
    expect(elodie.snippet).toBe('Ravie de vous avoir rencontré au salon. À bientôt !');
    expect((await readMailMessage(messages[2]!.bytes)).subject).toBe('Introduction from Stan — quick question');
  });

  it('marks mailing lists and no-reply senders as automated', async () => {
    const messages = await mbox('gmail-takeout.mbox');
    expect((await readMailMessage(messages[4]!.bytes)).automated).toBe('mailing list');
    expect((await readMailMessage(messages[5]!.bytes)).automated).toBe('no-reply sender');
    const auto = Buffer.from('From: Stan <stan@acme.test>\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nAuto-Submitted: auto-replied\nSubject: Out of office\n\nAway.\n');
    expect((await readMailMessage(auto)).automated).toBe('automated (Auto-Submitted)');
  });

  it('refuses a message without a Date or From, naming what is missing', async () => {
    const messages = await mbox('gmail-takeout.mbox');
    await expect(readMailMessage(messages[7]!.bytes)).rejects.toThrow(new MailMessageError('no Date header'));
    await expect(readMailMessage(Buffer.from('From: a@b.test\nDate: someday\n\nx\n'))).rejects.toThrow('unreadable Date header "someday"');
    await expect(readMailMessage(Buffer.from('Date: Tue, 3 Mar 2026 10:00:00 +0000\n\nx\n'))).rejects.toThrow('no From address');
  });

  it('reads an Outlook .eml (Windows-1252, attachment) without touching the attachment, and an HTML-only message', async () => {
    const outlook = await readMailMessage(file('outlook-thank-you.eml'));
    expect(outlook).toMatchObject({ messageId: 'DB9PR01MB0001.outlook@example.test', subject: 'Thank you for the coffee', to: [{ address: 'stan@acme.test' }] });
    expect(outlook.snippet).toBe('Dear Stan, Thank you for the coffee on Thursday – your advice about the Lyon team was exactly what I needed. I attach the one-page sheet we discussed. Best, Morgan');
    const ada = await readMailMessage(file('ada-reply.eml'));
    expect(ada.subject).toBe('Re: Introduction from Stan');
    expect(ada.snippet).toBe('Hi Morgan & thanks for writing — let\'s talk.');
    expect(ada.sentAt).toBe('2026-03-09T13:00:00.000Z');
  });

  it('reads only the headers when asked, leaving the snippet out', async () => {
    const m = await readMailMessage(file('outlook-thank-you.eml'), { body: false });
    expect(m.subject).toBe('Thank you for the coffee');
    expect(m.snippet).toBeNull();
  });

  it('reading the headers alone gives what the full parse gives, on every fixture message', async () => {
    const messages = [...(await mbox('gmail-takeout.mbox')), ...(await mbox('thunderbird.mbox')), ...(await mbox('apple-mail.mbox'))].map((m) => m.bytes);
    messages.push(file('outlook-thank-you.eml'), file('ada-reply.eml'));
    for (const bytes of messages) {
      const full = await readMailMessage(bytes).catch((e: Error) => e.message);
      const headers = await readMailMessage(bytes, { body: false }).catch((e: Error) => e.message);
      expect(typeof headers === 'string' ? headers : { ...headers, snippet: null }).toEqual(typeof full === 'string' ? full : { ...full, snippet: null });
    }
  });

  it('takes message ids with or without angle brackets', () => {
    expect(messageIds('<a@b> <c@d>')).toEqual(['a@b', 'c@d']);
    expect(messageIds('a@b')).toEqual(['a@b']);
    expect(messageIds('')).toEqual([]);
  });
});
