import type { SearchQuery, SearchResult } from '../contracts/search.schema.js';
import type { Db } from '../db/database.js';
import { SearchRepository, type SearchableRecord } from '../db/repositories/search.repository.js';
import { excerptAround } from '../domain/excerpt.js';
import { SearchIndex } from '../domain/search-index.js';
import { foldText } from '../domain/text.js';
import type { ContactService, Scope } from './contact.service.js';

/** Workspaces whose organization and opportunity indexes a process keeps. */
const CACHE_SIZE = 8;
/** Words of a query beyond this many are ignored (as in contact search). */
const MAX_WORDS = 8;

interface Indexes {
  dataVersion: number;
  organizations: SearchIndex;
  opportunities: SearchIndex;
}

const documentOf = (r: SearchableRecord) => ({ id: r.id, name: r.name, other: r.other, sortKey: foldText(r.name) });

/**
 * The command palette's search: one query, the best few contacts, organizations, opportunities
 * and conversations. Contacts come from the contact search (typos forgiven, kept current by the
 * change log). Organizations (by name) and opportunities (by title and organization) are
 * ranked by the same in-memory index (`domain/search-index.ts`, so typos are forgiven there
 * too), built per workspace and built again when the workspace's data version moves: every
 * column they are found by is one the change log follows. Conversations are found in SQL by
 * title and notes, which the change log does not follow (editing notes must not make Today
 * recompute) — every word as written, case ignored, titles first, then the newest.
 */
export class GlobalSearchService {
  private readonly repository = new SearchRepository();
  private readonly indexes = new Map<string, Indexes>();

  constructor(private readonly deps: { db: Db; contacts: ContactService }) {}

  async search(scope: Scope, query: SearchQuery): Promise<SearchResult> {
    const db = this.deps.db.kysely;
    const { limit } = query;
    const ws = scope.workspaceId;
    const contacts = await this.deps.contacts.list(scope, { q: query.q, limit, offset: 0, sort: 'name' });
    const indexes = await this.current(ws);
    const page = { offset: 0, limit };
    const orgs = indexes.organizations.search(query.q, page);
    const opps = indexes.opportunities.search(query.q, page);
    const words = query.q.toLowerCase().split(/\s+/u).filter((w) => w.length > 0).slice(0, MAX_WORDS);
    const conversations = await this.repository.conversations(db, ws, words, limit + 1);
    return {
      contacts: {
        items: contacts.items.map((c) => ({ id: c.id, displayName: c.displayName, title: c.title, organizationName: c.organizationName })),
        more: contacts.total > contacts.items.length,
      },
      organizations: { items: await this.repository.organizations(db, ws, orgs.ids), more: orgs.total > orgs.ids.length },
      opportunities: { items: await this.repository.opportunities(db, ws, opps.ids), more: opps.total > opps.ids.length },
      conversations: {
        items: conversations.slice(0, limit).map(({ notes, ...c }) => {
          const titleHolds = words.every((w) => (c.title ?? '').toLowerCase().includes(w));
          return { ...c, excerpt: titleHolds || !notes ? null : excerptAround(notes, words) };
        }),
        more: conversations.length > limit,
      },
    };
  }

  /** The indexes as of the workspace's data version: the ones in memory, or new ones. */
  private async current(ws: string): Promise<Indexes> {
    const db = this.deps.db.kysely;
    const dataVersion = await this.repository.dataVersion(db, ws);
    let state = this.indexes.get(ws);
    if (!state || state.dataVersion !== dataVersion) {
      // Read after the version: a write in between is in the rows, and read again next time.
      const [organizations, opportunities] = [await this.repository.organizationRecords(db, ws), await this.repository.opportunityRecords(db, ws)];
      state = { dataVersion, organizations: new SearchIndex(organizations.map(documentOf)), opportunities: new SearchIndex(opportunities.map(documentOf)) };
    }
    this.indexes.delete(ws);
    this.indexes.set(ws, state);
    while (this.indexes.size > CACHE_SIZE) {
      const oldest = this.indexes.keys().next().value;
      if (oldest === undefined) break;
      this.indexes.delete(oldest);
    }
    return state;
  }
}
