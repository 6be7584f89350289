import type { Db } from '../db/database.js';
import { ContactSearchRepository, type SearchRow } from '../db/repositories/contact-search.repository.js';
import { PlaybookFactsRepository } from '../db/repositories/playbook-facts.repository.js';
import { SEARCH_LOG_TABLE } from '../db/dialects/search-log.js';
import { SearchIndex, type SearchPage } from '../domain/search-index.js';
import type { Scope } from './contact.service.js';

/** Workspaces whose index a process keeps (about 25 MB for 100,000 contacts). */
const CACHE_SIZE = 8;
/** More changed contacts than this since the last search: loading everything is as quick. */
const MAX_DELTA = 5_000;
/** Change-log tables whose entries name a contact whose search text may have changed. */
const CONTACT_TABLES = new Set(['contacts', SEARCH_LOG_TABLE]);

interface IndexState {
  index: SearchIndex;
  /** The newest change-log entry the index includes. */
  seq: number;
}

const documentOf = (r: SearchRow) => ({ id: r.id, name: r.sort_name, other: r.search_text, sortKey: r.sort_name });

/**
 * Contact search that forgives typos and answers in a few milliseconds at 100,000 contacts:
 * each busy workspace's live contacts are indexed in memory (`domain/search-index.ts`), and
 * before each search the change log says which contacts changed since (one indexed read when
 * nothing did), so an edit from this process, the CLI in another one, or an import is found at
 * once. A log pruned past what the index saw, a bulk write, or too many changes load everything
 * again. See docs/ARCHITECTURE.md for why this and not the databases' own search.
 */
export class ContactSearchService {
  private readonly repository = new ContactSearchRepository();
  private readonly log = new PlaybookFactsRepository();
  private readonly states = new Map<string, IndexState>();
  /** One load at a time per workspace: concurrent searches wait for the same one. */
  private readonly loading = new Map<string, Promise<IndexState>>();

  constructor(private readonly deps: { db: Db }) {}

  /** The contacts matching `query`, best first (see `SearchIndex.search`). */
  async search(scope: Scope, query: string, page: { offset: number; limit: number }): Promise<SearchPage> {
    const state = await this.current(scope.workspaceId);
    return state.index.search(query, page);
  }

  /** The index as of now: the one in memory brought up to date, or a new one. */
  private async current(ws: string): Promise<IndexState> {
    const pending = this.loading.get(ws);
    if (pending) return pending;
    const db = this.deps.db.kysely;
    const { latest, pruned } = await this.log.logPosition(db, ws);
    const known = this.states.get(ws);
    if (known && known.seq >= pruned) {
      if (latest <= known.seq) return this.touch(ws, known);
      const entries = await this.log.changesSince(db, ws, known.seq, latest, MAX_DELTA + 1);
      const everything = entries.length > MAX_DELTA || entries.some((e) => e.record_id === null && (e.table_name === '*' || CONTACT_TABLES.has(e.table_name)));
      if (!everything) {
        const ids = [...new Set(entries.filter((e) => CONTACT_TABLES.has(e.table_name)).map((e) => e.record_id ?? ''))];
        if (ids.length > 0) {
          const rows = await this.repository.rows(db, ws, ids);
          // Another search may have moved the index on meanwhile: applying the same rows again is harmless.
          known.index.remove(ids);
          known.index.upsert(rows.map(documentOf));
        }
        known.seq = Math.max(known.seq, latest);
        return this.touch(ws, known);
      }
    }
    const load = (async () => {
      // The position is read before the rows: a change in between is in the rows, and read again next time.
      const rows = await this.repository.rows(db, ws);
      return { index: new SearchIndex(rows.map(documentOf), { folded: true }), seq: latest };
    })();
    this.loading.set(ws, load);
    try {
      return this.touch(ws, await load);
    } finally {
      this.loading.delete(ws);
    }
  }

  /** Keeps the `CACHE_SIZE` most recently searched workspaces. */
  private touch(ws: string, state: IndexState): IndexState {
    this.states.delete(ws);
    this.states.set(ws, state);
    while (this.states.size > CACHE_SIZE) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.states.delete(oldest);
    }
    return state;
  }
}
