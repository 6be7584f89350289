import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** What the search index reads of a live contact: the folded texts, already stored for sorting and the SQL search. */
export interface SearchRow {
  id: string;
  sort_name: string;
  search_text: string;
}

/** The contact search index's reads: its rows, and the log entries that say which contacts changed. */
export class ContactSearchRepository {
  /** Live contacts (all of them, or those of `ids` that are still live). */
  async rows(db: Executor, workspaceId: string, ids?: readonly string[]): Promise<SearchRow[]> {
    const q = db.selectFrom('contacts').select(['id', 'sort_name', 'search_text']).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null);
    if (!ids) return q.execute();
    const out: SearchRow[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await q.where('id', 'in', ids.slice(i, i + 500)).execute()));
    return out;
  }
}
