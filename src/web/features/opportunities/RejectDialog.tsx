import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { OpportunitySummary } from '../../../contracts/opportunity.schema.js';
import { ContactPicker, type ContactOption } from '../../components/ContactPicker.js';
import { useRejectOpportunity } from './opportunities.api.js';

/**
 * "Turned down": the interviewers stay in your network. Choose the one you had rapport with,
 * and Today proposes asking them for feedback and advice (seed 001).
 */
export function RejectDialog({ opportunity, onClose }: { opportunity: OpportunitySummary | null; onClose: () => void }) {
  const reject = useRejectOpportunity();
  const [choice, setChoice] = useState<string>('');
  const [other, setOther] = useState<ContactOption | null>(null);
  const o = opportunity;
  const interviewers = o?.interviewers ?? [];
  const selected = choice === 'other' ? (other?.value ?? null) : choice || (o?.rapportInterviewer?.id ?? null);

  const confirm = () => {
    if (!o) return;
    reject.mutate(
      { id: o.id, version: o.version, rapportInterviewerId: selected },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: `${saved.title}: rejected`,
            message: saved.rapportInterviewer ? `Today now proposes asking ${saved.rapportInterviewer.displayName} for feedback.` : 'Keep the interviewers in your network.',
          });
          setChoice('');
          setOther(null);
          onClose();
        },
        onError: (e) => notifications.show({ color: 'red', title: 'Could not mark it rejected', message: e.message }),
      },
    );
  };

  return (
    <Modal opened={Boolean(o)} onClose={onClose} title={o ? `Turned down for ${o.title} at ${o.organization.name}` : ''}>
      <Stack gap="sm">
        <Text size="sm">A job interview is a relationship, whatever the outcome. Who did you have rapport with? Rapport will propose asking them for feedback and advice, and to keep in touch.</Text>
        <Radio.Group label="Interviewer you had rapport with" value={choice || o?.rapportInterviewer?.id || ''} onChange={setChoice}>
          <Stack gap={6} mt={6}>
            {interviewers.map((i) => (
              <Radio key={i.id} value={i.id} label={i.displayName} />
            ))}
            <Radio value="other" label="Someone else" />
            <Radio value="" label="Nobody in particular" />
          </Stack>
        </Radio.Group>
        {choice === 'other' && <ContactPicker label="Who" value={other} onChange={setOther} />}
        <Group justify="flex-end">
          <Button variant="subtle" color="gray" onClick={onClose}>Cancel</Button>
          <Button color="red" onClick={confirm} loading={reject.isPending}>Mark rejected</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
