import type { Network, NetworkEdge, NetworkNode, NetworkQuery } from '../contracts/insights.schema.js';
import type { Db } from '../db/database.js';
import { attributionFacts, opportunityAttribution, type AttributionPerson } from '../domain/attribution.js';
import { reachedStage } from '../domain/insights.js';
import { isAhead } from '../domain/referral-progress.js';
import { foldText } from '../domain/text.js';
import type { Scope } from './contact.service.js';
import { NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

type Path = 'interview' | 'offer' | null;
const stronger = (a: Path, b: Path): Path => (a === 'offer' || b === 'offer' ? 'offer' : a ?? b);

/**
 * The referral graph: people linked by "introduced by" and referrals, the organizations they
 * referred you to, and the opportunities their referrals and interviews led to. Paths that led
 * to an interview or an offer are flagged. One query per table, then the graph in memory.
 */
export class NetworkService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  async graph(scope: Scope, query: Partial<NetworkQuery> = {}): Promise<Network> {
    const db = this.deps.db.kysely;
    const ws = scope.workspaceId;
    const depth = query.depth ?? 2;
    const limit = query.limit ?? 2000;

    const referrals = await db.selectFrom('referrals').select(['id', 'from_contact_id', 'to_contact_id', 'to_organization_id', 'status', 'offered_at']).where('workspace_id', '=', ws).execute();
    const opportunities = await db
      .selectFrom('opportunities as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['p.id', 'p.title', 'p.stage', 'p.source', 'p.created_at', 'p.organization_id', 'p.referrer_contact_id', 'o.name as org_name'])
      .where('p.workspace_id', '=', ws)
      .execute();
    const changes = await db.selectFrom('opportunity_stage_changes').select(['opportunity_id', 'to_stage', 'at']).where('workspace_id', '=', ws).execute();
    const interviewers = await db.selectFrom('opportunity_interviewers').select(['opportunity_id', 'contact_id']).where('workspace_id', '=', ws).execute();
    const targets = await db.selectFrom('targets').select(['organization_id', 'suggested_by_id']).where('workspace_id', '=', ws).where('suggested_by_id', 'is not', null).execute();
    // The people in the graph: anyone introduced by someone, anyone who introduced, referred or interviewed.
    const contacts = await db
      .selectFrom('contacts as c')
      .leftJoin('organizations as o', 'o.id', 'c.organization_id')
      .select(['c.id', 'c.display_name', 'c.introduced_by_id', 'o.name as org_name'])
      .where('c.workspace_id', '=', ws)
      .where('c.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('c.introduced_by_id', 'is not', null),
          eb.exists(eb.selectFrom('contacts as x').select('x.id').whereRef('x.introduced_by_id', '=', 'c.id').where('x.deleted_at', 'is', null)),
          eb.exists(eb.selectFrom('referrals as r').select('r.id').where((e) => e.or([e('r.from_contact_id', '=', e.ref('c.id')), e('r.to_contact_id', '=', e.ref('c.id'))]))),
          eb.exists(eb.selectFrom('opportunities as p').select('p.id').whereRef('p.referrer_contact_id', '=', 'c.id')),
          eb.exists(eb.selectFrom('opportunity_interviewers as i').select('i.contact_id').whereRef('i.contact_id', '=', 'c.id')),
        ]),
      )
      .execute();
    const people = new Map(contacts.map((c) => [c.id, c]));
    const orgNames = new Map<string, string>();
    const orgIds = [...new Set(referrals.flatMap((r) => (r.to_organization_id ? [r.to_organization_id] : [])))];
    if (orgIds.length > 0) {
      for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('workspace_id', '=', ws).where('id', 'in', orgIds).execute()) orgNames.set(o.id, o.name);
    }

    const nodes = new Map<string, NetworkNode>();
    const edges = new Map<string, NetworkEdge>();
    const addEdge = (e: Omit<NetworkEdge, 'path'>) => {
      if (!nodes.has(e.source) || !nodes.has(e.target) || e.source === e.target) return;
      edges.set(e.id, { ...e, path: null });
    };
    for (const c of contacts) nodes.set(c.id, { id: c.id, type: 'contact', label: c.display_name, detail: c.org_name, stage: null, path: null, degree: 0 });
    for (const [id, name] of orgNames) nodes.set(id, { id, type: 'organization', label: name, detail: 'Organization', stage: null, path: null, degree: 0 });
    const historyOf = new Map<string, { to: string; at: string }[]>();
    for (const c of changes) historyOf.set(c.opportunity_id, [...(historyOf.get(c.opportunity_id) ?? []), { to: c.to_stage, at: c.at }]);
    const reachedOf = new Map<string, Path>();
    for (const o of opportunities) {
      const rec = { id: o.id, organizationId: o.organization_id, source: o.source, stage: o.stage, notAFit: false, createdAt: o.created_at, history: historyOf.get(o.id) ?? [] };
      const reached: Path = reachedStage(rec, 'offer') ? 'offer' : reachedStage(rec, 'interviewing') ? 'interview' : null;
      reachedOf.set(o.id, reached);
      nodes.set(o.id, { id: o.id, type: 'opportunity', label: `${o.title} · ${o.org_name}`, detail: o.org_name, stage: o.stage, path: reached, degree: 0 });
    }

    // Referral edges win over the "introduced by" they usually set.
    // One edge per pair: two referrals between the same people (offered again in another
    // conversation) are drawn once, with the status furthest along.
    const referred = new Map<string, { id: string; status: string }>();
    for (const r of referrals) {
      const target = r.to_contact_id ?? r.to_organization_id;
      if (!target) continue;
      const pair = `${r.from_contact_id}>${target}`;
      const drawn = referred.get(pair);
      if (drawn && !isAhead(r.status, drawn.status)) continue;
      if (drawn) edges.delete(`referral:${drawn.id}`);
      referred.set(pair, { id: r.id, status: r.status });
      addEdge({ id: `referral:${r.id}`, source: r.from_contact_id, target, kind: 'referral', status: r.status });
    }
    for (const c of contacts) {
      if (c.introduced_by_id && !referred.has(`${c.introduced_by_id}>${c.id}`)) addEdge({ id: `introduced:${c.id}`, source: c.introduced_by_id, target: c.id, kind: 'introduced', status: null });
    }
    const stageOf = new Map(opportunities.map((o) => [o.id, o.stage]));
    for (const o of opportunities) {
      if (o.referrer_contact_id) addEdge({ id: `referrer:${o.id}`, source: o.referrer_contact_id, target: o.id, kind: 'referrer', status: o.stage });
    }
    for (const i of interviewers) {
      if (!edges.has(`referrer:${i.opportunity_id}`) || opportunities.find((o) => o.id === i.opportunity_id)?.referrer_contact_id !== i.contact_id) {
        addEdge({ id: `interviewer:${i.opportunity_id}:${i.contact_id}`, source: i.contact_id, target: i.opportunity_id, kind: 'interviewer', status: stageOf.get(i.opportunity_id) ?? null });
      }
    }

    // Paths to interviews and offers: the chain behind each such opportunity.
    const facts = attributionFacts(
      contacts.map((c): AttributionPerson => ({ id: c.id, displayName: c.display_name, introducedById: c.introduced_by_id })),
      referrals.map((r) => ({ fromContactId: r.from_contact_id, toContactId: r.to_contact_id, toOrganizationId: r.to_organization_id, offeredAt: r.offered_at })),
    );
    const suggestedBy = new Map(targets.map((t) => [t.organization_id, t.suggested_by_id]));
    const edgeBetween = (a: string, b: string) =>
      [...edges.values()].find((e) => e.kind !== 'interviewer' && ((e.source === a && e.target === b) || (e.source === b && e.target === a)));
    for (const o of opportunities) {
      const path = reachedOf.get(o.id) ?? null;
      if (!path) continue;
      const chain = opportunityAttribution({ organizationId: o.organization_id, referrerContactId: o.referrer_contact_id, targetSuggestedById: suggestedBy.get(o.organization_id) ?? null }, facts);
      for (const [index, link] of chain.entries()) {
        const node = nodes.get(link.id);
        if (node) node.path = stronger(node.path, path);
        const next = chain[index + 1];
        const edge = next ? edgeBetween(link.id, next.id) : (edges.get(`referrer:${o.id}`) ?? edgeBetween(link.id, o.id) ?? (o.referrer_contact_id ? undefined : [...edges.values()].find((e) => e.source === link.id && e.target === o.organization_id)));
        if (edge) edge.path = stronger(edge.path, path);
      }
    }

    // Degrees and adjacency.
    const adjacent = new Map<string, Set<string>>();
    for (const e of edges.values()) {
      for (const [a, b] of [[e.source, e.target], [e.target, e.source]] as const) {
        const set = adjacent.get(a) ?? new Set<string>();
        set.add(b);
        adjacent.set(a, set);
      }
    }
    for (const n of nodes.values()) n.degree = adjacent.get(n.id)?.size ?? 0;
    // Only what is connected: a lone organization or opportunity says nothing here.
    for (const n of [...nodes.values()]) if (n.degree === 0 && n.type !== 'contact') nodes.delete(n.id);
    for (const n of [...nodes.values()]) if (n.degree === 0 && !people.has(n.id)) nodes.delete(n.id);

    const totalNodes = nodes.size;
    const totalEdges = edges.size;
    let keep: Set<string> | null = null;
    const around = (start: Iterable<string>, steps: number) => {
      const seen = new Set<string>(start);
      let frontier = [...seen];
      for (let d = 0; d < steps; d += 1) {
        const next: string[] = [];
        for (const id of frontier) {
          for (const m of adjacent.get(id) ?? []) {
            if (seen.has(m)) continue;
            seen.add(m);
            next.push(m);
          }
        }
        frontier = next;
      }
      return seen;
    };
    if (query.focus) {
      if (!nodes.has(query.focus)) {
        const exists = await db.selectFrom('contacts').select('id').where('workspace_id', '=', ws).where('id', '=', query.focus).executeTakeFirst();
        if (!exists) throw new NotFoundError('Contact', query.focus);
        return { nodes: [], edges: [], total: { nodes: totalNodes, edges: totalEdges }, truncated: false, focus: query.focus };
      }
      keep = around([query.focus], depth);
    }
    if (query.q) {
      const words = foldText(query.q).split(' ').filter(Boolean);
      const matches = [...nodes.values()].filter((n) => {
        const text = foldText(`${n.label} ${n.detail ?? ''}`);
        return words.every((w) => text.includes(w));
      });
      const found = around(matches.map((m) => m.id), 1);
      keep = keep ? new Set([...keep].filter((id) => found.has(id))) : found;
    }
    let list = [...nodes.values()].filter((n) => !keep || keep.has(n.id));
    let truncated = false;
    if (list.length > limit) {
      truncated = true;
      list = list.sort((a, b) => (b.path ? 1 : 0) - (a.path ? 1 : 0) || b.degree - a.degree || a.id.localeCompare(b.id)).slice(0, limit);
    }
    const ids = new Set(list.map((n) => n.id));
    return {
      nodes: list.sort((a, b) => a.id.localeCompare(b.id)),
      edges: [...edges.values()].filter((e) => ids.has(e.source) && ids.has(e.target)).sort((a, b) => a.id.localeCompare(b.id)),
      total: { nodes: totalNodes, edges: totalEdges },
      truncated,
      focus: query.focus ?? null,
    };
  }
}
