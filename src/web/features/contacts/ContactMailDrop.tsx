import { Modal, Paper, Text } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { MailImportPanel } from '../settings/MailImportPanel.js';

/**
 * Drop an .eml (dragged from any mail client), an .mbox or an .ics on a contact's page: its
 * messages and meetings join their history, even from an address Rapport did not know.
 */
export function ContactMailDrop({ contactId, name }: { contactId: string; name: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const take = (files: FileList | null | undefined) => {
    const first = files?.[0];
    if (first) setFile(first);
  };
  return (
    <>
      <Paper
        withBorder
        p="sm"
        data-testid="mail-drop"
        style={{ borderStyle: 'dashed', cursor: 'pointer', background: over ? 'var(--mantine-color-blue-light)' : undefined }}
        onDragOver={(e: DragEvent) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e: DragEvent) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer?.files);
        }}
        onClick={() => input.current?.click()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') input.current?.click();
        }}
        role="button"
        tabIndex={0}
      >
        <Text size="sm" c="dimmed">
          <IconMailForward size={16} style={{ verticalAlign: 'middle' }} /> Drop an email (.eml), a mailbox (.mbox) or an invitation (.ics) here to add it to {name}’s history
        </Text>
        <input ref={input} type="file" hidden accept=".eml,.mbox,.ics,message/rfc822,text/calendar" onChange={(e) => take(e.currentTarget.files)} />
      </Paper>
      <Modal opened={file !== null} onClose={() => setFile(null)} title={`Add to ${name}’s history`} size="xl">
        {file && <MailImportPanel contactId={contactId} file={file} />}
      </Modal>
    </>
  );
}
