import { Alert, Anchor, Badge, Button, Grid, Group, List, Loader, NativeSelect, Paper, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconZoomReset } from '@tabler/icons-react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Network, NetworkEdge, NetworkNode } from '../../../contracts/insights.schema.js';
import { useNetwork } from './network.api.js';

cytoscape.use(fcose);

/** Edge colours by what the link is and how far a referral went. */
const EDGE_COLORS: Record<string, string> = {
  introduced: '#adb5bd',
  offered: '#868e96',
  contacted: '#339af0',
  met: '#20c997',
  'led-to-interview': '#ae3ec9',
  'led-to-offer': '#f76707',
  referrer: '#0ca678',
  interviewer: '#7950f2',
};
const LEGEND: { key: string; label: string }[] = [
  { key: 'introduced', label: 'Introduced by' },
  { key: 'offered', label: 'Referral offered' },
  { key: 'contacted', label: 'Contacted' },
  { key: 'met', label: 'Met' },
  { key: 'led-to-interview', label: 'Led to an interview' },
  { key: 'led-to-offer', label: 'Led to an offer' },
  { key: 'referrer', label: 'Referred an opportunity' },
  { key: 'interviewer', label: 'Interviewed you' },
];
const STAGE_COLORS: Record<string, string> = { lead: '#adb5bd', applied: '#4dabf7', screening: '#3bc9db', interviewing: '#be4bdb', offer: '#12b886', accepted: '#2f9e44', rejected: '#fa5252', withdrawn: '#868e96', converted: '#fd7e14' };

const edgeColor = (e: NetworkEdge) => EDGE_COLORS[e.kind === 'referral' ? (e.status ?? 'offered') : e.kind] ?? '#adb5bd';
const linkOf = (n: NetworkNode) => (n.type === 'contact' ? `/contacts/${n.id}` : n.type === 'opportunity' ? `/opportunities/${n.id}` : `/organizations/${n.id}`);

function elements(network: Network): ElementDefinition[] {
  const big = network.nodes.length > 150;
  return [
    ...network.nodes.map((n) => ({
      data: {
        id: n.id,
        label: n.label,
        type: n.type,
        color: n.type === 'opportunity' ? (STAGE_COLORS[n.stage ?? ''] ?? '#868e96') : n.type === 'organization' ? '#495057' : n.path === 'offer' ? '#f76707' : n.path === 'interview' ? '#ae3ec9' : '#1c7ed6',
        size: n.type === 'contact' ? Math.min(14 + n.degree * 2, 40) : 30,
        // With hundreds of people, only the hubs and the paths carry their names until you zoom in.
        showLabel: !big || n.type !== 'contact' || n.degree >= 4 || n.path !== null || n.id === network.focus ? 1 : 0,
      },
      classes: [n.type, n.path ? `path-${n.path}` : '', n.id === network.focus ? 'focus' : ''].filter(Boolean).join(' '),
    })),
    ...network.edges.map((e) => ({
      data: { id: e.id, source: e.source, target: e.target, color: e.path === 'offer' ? EDGE_COLORS['led-to-offer'] : e.path === 'interview' ? EDGE_COLORS['led-to-interview'] : edgeColor(e), kind: e.kind },
      classes: [e.kind, e.path ? 'path' : ''].filter(Boolean).join(' '),
    })),
  ];
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(color)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(label)',
      'font-size': 11,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
      'min-zoomed-font-size': 7,
      color: '#343a40',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.75,
      'text-background-padding': '1px',
    },
  },
  { selector: 'node[showLabel = 1]', style: { 'font-size': 13, 'font-weight': 'bold', 'min-zoomed-font-size': 4, 'z-index': 5 } },
  { selector: 'node[showLabel = 0]', style: { 'min-zoomed-font-size': 16 } },
  { selector: 'node.opportunity', style: { shape: 'round-rectangle', width: 36, height: 22, 'font-weight': 'bold' } },
  { selector: 'node.organization', style: { shape: 'diamond' } },
  { selector: 'node.path-interview, node.path-offer', style: { 'border-width': 3, 'border-color': 'data(color)', 'border-opacity': 0.5 } },
  { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#fab005' } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#fab005' } },
  { selector: 'edge', style: { width: 1.5, 'line-color': 'data(color)', 'target-arrow-color': 'data(color)', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'curve-style': 'bezier', opacity: 0.7 } },
  { selector: 'edge.introduced', style: { 'line-style': 'dashed' } },
  { selector: 'edge.interviewer', style: { 'line-style': 'dotted' } },
  { selector: 'edge.path', style: { width: 4, opacity: 1, 'z-index': 10 } },
  { selector: '.faded', style: { opacity: 0.12 } },
];

/**
 * The referral graph: who introduced whom, and which chains led to interviews and offers.
 * Zoom and pan; search; click a person to see their neighbourhood; double-click or Enter opens them.
 */
export function NetworkPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const focus = params.get('focus');
  const depth = Number(params.get('depth') ?? 2) || 2;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const network = useNetwork({ focus, depth, q });
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const byId = useMemo(() => new Map((network.data?.nodes ?? []).map((n) => [n.id, n])), [network.data]);
  const selectedNode = selected ? byId.get(selected) : undefined;

  useEffect(() => {
    const p = new URLSearchParams(params);
    if (q) p.set('q', q);
    else p.delete('q');
    if (p.toString() !== params.toString()) setParams(p, { replace: true });
  }, [q, params, setParams]);

  const setFocus = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set('focus', id);
    else p.delete('focus');
    setParams(p);
  };

  const openRef = useRef<(id: string) => void>(() => undefined);
  openRef.current = (id: string) => {
    const n = byId.get(id);
    if (n) navigate(linkOf(n));
  };
  const focusRef = useRef(setFocus);
  focusRef.current = setFocus;

  useEffect(() => {
    if (!container.current || !network.data) return;
    const data = network.data;
    const instance = cytoscape({
      container: container.current,
      elements: elements(data),
      style: STYLE,
      minZoom: 0.05,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      textureOnViewport: data.nodes.length > 300,
      hideEdgesOnViewport: data.nodes.length > 800,
    });
    instance
      .layout({
        name: 'fcose',
        quality: 'default',
        randomize: true,
        animate: false,
        numIter: 2500,
        nodeRepulsion: () => 4500,
        idealEdgeLength: () => 45,
        edgeElasticity: () => 0.45,
        gravity: 0.3,
        gravityRange: 3.8,
        nodeSeparation: 60,
        packComponents: false,
      } as cytoscape.LayoutOptions)
      .run();
    instance.on('tap', 'node', (event) => {
      const id = event.target.id() as string;
      setSelected(id);
      const n = data.nodes.find((x) => x.id === id);
      if (n?.type === 'contact' && id !== data.focus) focusRef.current(id);
    });
    instance.on('dbltap', 'node', (event) => openRef.current(event.target.id() as string));
    instance.on('mouseover', 'node', (event) => {
      const hood = event.target.closedNeighborhood();
      instance.elements().not(hood).addClass('faded');
    });
    instance.on('mouseout', 'node', () => instance.elements().removeClass('faded'));
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [network.data]);

  useEffect(() => {
    if (focus) setSelected(focus);
  }, [focus]);

  const data = network.data;
  const pathEdges = (data?.edges ?? []).filter((e) => e.path && (e.kind === 'referrer' || e.kind === 'referral' || e.kind === 'introduced'));
  const neighbours = selectedNode && data ? data.edges.filter((e) => e.source === selectedNode.id || e.target === selectedNode.id) : [];

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs" align="baseline">
          <Title order={2}>Network</Title>
          {data && (
            <Text c="dimmed" size="sm" data-testid="network-count">
              {data.nodes.length} shown of {data.total.nodes} · {data.edges.length} links{data.truncated ? ' (the most connected)' : ''}
            </Text>
          )}
        </Group>
        <Group gap="xs" align="flex-end">
          <TextInput
            aria-label="Search the network"
            placeholder="Search people, organizations, opportunities"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={300}
          />
          {focus && (
            <NativeSelect
              aria-label="Depth"
              data={['1', '2', '3', '4'].map((d) => ({ value: d, label: `${d} ${d === '1' ? 'step' : 'steps'}` }))}
              value={String(depth)}
              onChange={(e) => {
                const p = new URLSearchParams(params);
                p.set('depth', e.currentTarget.value);
                setParams(p);
              }}
            />
          )}
          {focus && <Button variant="light" onClick={() => setFocus(null)}>Show everyone</Button>}
          <Button variant="subtle" leftSection={<IconZoomReset size={16} />} onClick={() => cy.current?.fit(undefined, 30)}>Fit</Button>
        </Group>
      </Group>
      {network.isError && <Alert color="red" title="Could not load the network">{network.error.message}</Alert>}
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Paper withBorder pos="relative" style={{ height: 'calc(100vh - 190px)', minHeight: 420 }}>
            {network.isPending && <Loader pos="absolute" top={16} left={16} aria-label="Loading the network" />}
            {data && data.nodes.length === 0 && (
              <Text c="dimmed" p="xl" ta="center" pos="absolute" top={40} left={0} right={0}>
                {q || focus ? 'Nothing matches here.' : 'Nobody is linked yet: when someone offers you a name, or refers you, the network grows here.'}
              </Text>
            )}
            <div
              ref={container}
              role="application"
              aria-label="Referral graph. Click a person to see their neighbourhood; double-click or press Enter to open the selected one."
              data-testid="network-graph"
              tabIndex={0}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && selected) openRef.current(selected);
                if (e.key === '+' || e.key === '=') cy.current?.zoom({ level: (cy.current?.zoom() ?? 1) * 1.2, renderedPosition: { x: (container.current?.clientWidth ?? 0) / 2, y: (container.current?.clientHeight ?? 0) / 2 } });
                if (e.key === '-') cy.current?.zoom({ level: (cy.current?.zoom() ?? 1) / 1.2, renderedPosition: { x: (container.current?.clientWidth ?? 0) / 2, y: (container.current?.clientHeight ?? 0) / 2 } });
              }}
              style={{ position: 'absolute', inset: 0 }}
            />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack gap="sm">
            {selectedNode && (
              <Paper withBorder p="sm" component="section" aria-label="Selected">
                <Text fw={700}>{selectedNode.label}</Text>
                {selectedNode.detail && <Text size="xs" c="dimmed">{selectedNode.detail}</Text>}
                <Group gap={6} mt={6}>
                  <Anchor component={Link} to={linkOf(selectedNode)} size="sm">Open</Anchor>
                  {selectedNode.type === 'contact' && selectedNode.id !== focus && (
                    <Button size="compact-xs" variant="light" onClick={() => setFocus(selectedNode.id)}>Their neighbourhood</Button>
                  )}
                </Group>
                <List size="xs" mt={6} spacing={2} aria-label="Links">
                  {neighbours.slice(0, 30).map((e) => {
                    const other = byId.get(e.source === selectedNode.id ? e.target : e.source);
                    return (
                      <List.Item key={e.id}>
                        {e.source === selectedNode.id ? '→ ' : '← '}
                        <Anchor component="button" size="xs" onClick={() => other && (other.type === 'contact' ? setFocus(other.id) : navigate(linkOf(other)))}>{other?.label ?? '?'}</Anchor>{' '}
                        <Text span size="xs" c="dimmed">{e.kind === 'referral' ? e.status : e.kind}</Text>
                      </List.Item>
                    );
                  })}
                </List>
              </Paper>
            )}
            <Paper withBorder p="sm" component="section" aria-label="Paths to interviews and offers">
              <Text fw={600} size="sm">Paths to interviews and offers</Text>
              <ScrollArea.Autosize mah={220}>
                {pathEdges.length === 0 ? (
                  <Text size="xs" c="dimmed">None yet.</Text>
                ) : (
                  <List size="xs" spacing={2} data-testid="paths">
                    {pathEdges.map((e) => (
                      <List.Item key={e.id}>
                        {byId.get(e.source)?.label} → {byId.get(e.target)?.label}{' '}
                        <Badge size="xs" variant="light" color={e.path === 'offer' ? 'orange' : 'grape'}>{e.path}</Badge>
                      </List.Item>
                    ))}
                  </List>
                )}
              </ScrollArea.Autosize>
            </Paper>
            <Paper withBorder p="sm" component="section" aria-label="Legend">
              <Text fw={600} size="sm">Legend</Text>
              <Stack gap={2} mt={4}>
                {LEGEND.map((l) => (
                  <Group key={l.key} gap={6} wrap="nowrap">
                    <span aria-hidden style={{ display: 'inline-block', width: 18, height: 3, background: EDGE_COLORS[l.key] }} />
                    <Text size="xs">{l.label}</Text>
                  </Group>
                ))}
                <Text size="xs" c="dimmed" mt={4}>Thick links: a chain that led to an interview (purple) or an offer (orange). Rectangles: opportunities; diamonds: organizations.</Text>
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
