import { Alert, Anchor, Button, Group, Loader, Paper, Text, Title } from '@mantine/core';
import { IconEdit, IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { REMOTE_LABELS, type NetworkingSheet } from '../../../contracts/profile.schema.js';
import { useSheet } from './profile.api.js';
import classes from './sheet.module.css';

/**
 * /profile/sheet — the one-page networking sheet to show in a networking interview (seed 004:
 * "show them your Target Company list"): pitch, ideal position, targets grouped and ranked.
 * Prints on one page (the print stylesheet drops the navigation) or downloads as a PDF.
 */
export function NetworkingSheetPage() {
  const sheet = useSheet();
  if (sheet.isPending) return <Loader aria-label="Loading the networking sheet" />;
  if (sheet.isError) return <Alert color="red" title="Could not load the sheet">{sheet.error.message}</Alert>;
  return (
    <div className={classes.sheet}>
      <Group justify="space-between" mb="sm" className={classes.noPrint}>
        <Text c="dimmed" size="sm">
          Show it in a networking interview, and ask: do you know someone there? Is a company missing?
        </Text>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconEdit size={16} />} component={Link} to="/profile">Edit profile</Button>
          <Button variant="light" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>Print</Button>
          <Button component="a" href="/api/profile/sheet.pdf" leftSection={<IconFileTypePdf size={16} />}>Download PDF</Button>
        </Group>
      </Group>
      <Paper withBorder p="xl" className={classes.sheetPaper}>
        <SheetBody s={sheet.data} />
      </Paper>
    </div>
  );
}

function SheetBody({ s }: { s: NetworkingSheet }) {
  const ideal = s.idealPosition;
  const idealFacts = [ideal.level, ideal.location, ideal.remote !== 'any' ? REMOTE_LABELS[ideal.remote] : ''].filter(Boolean).join(' · ');
  const def = s.targetDefinition;
  const defLine = [def.industries.join(', '), def.sizes.join(', '), def.positions.join(', '), def.geographies.join(', ')].filter(Boolean).join(' · ');
  const pitch = s.pitchShort || s.pitchLong;
  const empty = !pitch && ideal.roles.length === 0;
  return (
    <article aria-label="Networking sheet">
      <Title order={2}>{s.name || 'My networking sheet'}</Title>
      {s.headline && <Text size="lg" c="dimmed">{s.headline}</Text>}
      {(s.email || s.phone) && <Text size="sm" c="dimmed">{[s.email, s.phone].filter(Boolean).join(' · ')}</Text>}
      {empty && (
        <Alert color="yellow" mt="md" className={classes.noPrint}>
          Your pitch and ideal position are empty: <Anchor component={Link} to="/profile">fill your profile</Anchor> (or import your LinkedIn archive).
        </Alert>
      )}
      {pitch && (
        <section className={classes.section} aria-label="Pitch">
          <div className={classes.heading}>In a few words</div>
          <Text>{pitch}</Text>
        </section>
      )}
      {(ideal.roles.length > 0 || idealFacts || ideal.responsibilities.length > 0) && (
        <section className={classes.section} aria-label="Ideal position">
          <div className={classes.heading}>Ideal position</div>
          {ideal.roles.length > 0 && <Text fw={700}>{ideal.roles.join(' · ')}</Text>}
          {idealFacts && <Text size="sm" c="dimmed">{idealFacts}</Text>}
          {ideal.responsibilities.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
              {ideal.responsibilities.slice(0, 5).map((r) => <li key={r}><Text size="sm">{r}</Text></li>)}
            </ul>
          )}
        </section>
      )}
      {s.skills.length > 0 && (
        <section className={classes.section} aria-label="Skills">
          <div className={classes.heading}>Skills and abilities</div>
          <Text size="sm">{s.skills.slice(0, 30).join(', ')}</Text>
        </section>
      )}
      <section className={classes.section} aria-label="Target companies">
        <div className={classes.heading}>My target companies</div>
        {defLine && <Text size="sm" c="dimmed" mb={6}>Looking at: {defLine}</Text>}
        {s.groups.length === 0 && (
          <Text c="dimmed" size="sm">No target companies yet. <Anchor component={Link} to="/targets" className={classes.noPrint}>Build your target list</Anchor></Text>
        )}
        {s.groups.map((g) => (
          <div key={g.label || 'all'} className={classes.group}>
            {g.label && <Text fw={700} size="sm" c="dimmed">{g.label}</Text>}
            <ol className={classes.targets} aria-label={g.label || 'Targets'}>
              {g.targets.map((t) => (
                <li key={t.organizationId}>
                  <Text size="sm">{t.rank}. {t.name}{t.location ? <Text span c="dimmed" size="sm"> ({t.location})</Text> : null}</Text>
                </li>
              ))}
            </ol>
          </div>
        ))}
        {s.more > 0 && <Text size="sm" c="dimmed">+ {s.more} more on my list</Text>}
      </section>
      <Text className={classes.ask} size="sm">Do you know someone at one of these companies? Is a company missing from my list? Thank you for your help.</Text>
    </article>
  );
}
