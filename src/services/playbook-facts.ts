import type { FactRows, FactSelection } from '../db/repositories/playbook-facts.repository.js';
import type { PAdvice, PContact, PConversation, PlaybookInput, POpportunity, POrganization, PReferral, StoredAction } from '../domain/playbook/playbook.types.js';
import type { PlaybookSettings } from '../domain/playbook/settings.js';
import type { RuleMemo } from '../domain/playbook/memo.js';
import { IndexedContacts } from '../domain/playbook/contact-indexes.js';

function targetStatusForPlaybook(status: string): 'active' | 'paused' | 'dropped' {
  return status === 'paused' ? 'paused' : status === 'dropped' ? 'dropped' : 'active';
}

/** The contact ids of link rows (participants, interviewers), by the record they belong to. */
function contactsBy<R extends { contact_id: string }>(rows: readonly R[], ownerOf: (row: R) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(ownerOf(row));
    if (list) list.push(row.contact_id);
    else out.set(ownerOf(row), [row.contact_id]);
  }
  return out;
}

/**
 * A workspace's playbook facts held in memory, by record, so that a change reloads only the
 * records it touched. `toInput` gives the engine's input; the same rows loaded in one go give
 * the same input (the engine does not depend on the order of records).
 */
export class WorkspaceFacts {
  readonly contacts = new Map<string, PContact>();
  readonly organizations = new Map<string, POrganization>();
  readonly conversations = new Map<string, PConversation>();
  readonly referrals = new Map<string, PReferral>();
  readonly advice = new Map<string, PAdvice>();
  readonly opportunities = new Map<string, POpportunity>();

  /** Replaces the selected records (every record when `selection` is absent) with `rows`: a selected record missing from `rows` is gone. */
  apply(rows: FactRows, selection?: FactSelection): void {
    // A record reloaded keeps its place in the map (and so in the engine's input); one gone is deleted.
    const replace = <T>(map: Map<string, T>, ids: readonly string[] | undefined, found: readonly { id: string }[]) => {
      if (!selection) return map.clear();
      if (!ids || ids.length === 0) return;
      const present = new Set(found.map((r) => r.id));
      for (const id of ids) if (!present.has(id)) map.delete(id);
    };
    const contactsBefore = this.contacts.size;
    replace(this.contacts, selection?.contacts, rows.contacts);
    // A contact gone moves every later one up: index again when next asked.
    if (!selection || this.contacts.size < contactsBefore) this.indexed = null;
    for (const c of rows.contacts) {
      const contact: PContact = {
        id: c.id,
        displayName: c.display_name,
        firstName: c.given_name || c.display_name,
        organizationId: c.organization_id,
        cadence: c.cadence_ideal_days && c.cadence_max_days ? { idealDays: c.cadence_ideal_days, maxDays: c.cadence_max_days } : null,
        createdAt: c.created_at,
        lastInteractionAt: c.last_interaction_at,
      };
      this.contacts.set(contact.id, contact);
      this.indexed?.set(contact);
    }
    replace(this.organizations, selection?.organizations, rows.organizations);
    for (const o of rows.organizations) {
      this.organizations.set(o.id, {
        id: o.id,
        name: o.name,
        target: o.rank === null ? null : { rank: o.rank, motivation: o.motivation ?? 0, posting: o.posting ?? 1, status: targetStatusForPlaybook(o.status ?? 'researching') },
      });
    }
    replace(this.conversations, selection?.conversations, rows.conversations);
    const participantsOf = contactsBy(rows.participants, (p) => p.conversation_id);
    for (const c of rows.conversations) {
      // The rules read the first participant as the main person: a fixed order (contact ids
      // are time-ordered: who was added first), whatever order the rows came in.
      const participantIds = (participantsOf.get(c.id) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.conversations.set(c.id, {
        id: c.id,
        kind: c.kind as PConversation['kind'],
        status: c.status as PConversation['status'],
        startsAt: c.starts_at,
        participantIds,
        direction: c.direction as PConversation['direction'],
        awaitingReply: c.awaiting_reply === 1,
        repliedAt: c.replied_at,
        opportunityId: c.opportunity_id,
        interviewRound: c.interview_round,
      });
    }
    replace(this.referrals, selection?.referrals, rows.referrals);
    for (const r of rows.referrals) {
      this.referrals.set(r.id, {
        id: r.id,
        fromContactId: r.from_contact_id,
        toContactId: r.to_contact_id,
        toOrganizationId: r.to_organization_id,
        status: r.status as PReferral['status'],
        offeredAt: r.offered_at,
        statusChangedAt: r.status_changed_at,
      });
    }
    replace(this.advice, selection?.advice, rows.advice);
    for (const a of rows.advice) {
      this.advice.set(a.id, { id: a.id, createdAt: a.created_at, contactId: a.contact_id, title: a.title, kind: a.kind as PAdvice['kind'], status: a.status as PAdvice['status'], doneAt: a.done_at, updateSentAt: a.update_sent_at });
    }
    replace(this.opportunities, selection?.opportunities, rows.opportunities);
    const interviewersOf = contactsBy(rows.interviewers, (i) => i.opportunity_id);
    for (const o of rows.opportunities) {
      this.opportunities.set(o.id, {
        id: o.id,
        title: o.title,
        organizationId: o.organization_id,
        stage: o.stage as POpportunity['stage'],
        stageChangedAt: o.stage_changed_at,
        referrerContactId: o.referrer_contact_id,
        notAFit: o.not_a_fit === 1,
        interviewerIds: (interviewersOf.get(o.id) ?? []).sort(),
        rapportInterviewerId: o.rapport_interviewer_id,
      });
    }
  }

  /**
   * The contacts in order with the indexes a rule context would build from them, kept up to
   * date contact by contact as `apply` replaces or adds contacts (a computation after one edit
   * does not index 30,000 contacts again); rebuilt after a removal or a full load.
   */
  indexes(): IndexedContacts {
    this.indexed ??= new IndexedContacts(this.contacts.values());
    return this.indexed;
  }

  private indexed: IndexedContacts | null = null;

  /** The engine's input. Its contact list is the one `indexes()` keeps: valid until the next `apply`. */
  toInput(now: string, settings: PlaybookSettings): PlaybookInput {
    return {
      now,
      settings,
      contacts: this.indexes().list,
      organizations: [...this.organizations.values()],
      conversations: [...this.conversations.values()],
      referrals: [...this.referrals.values()],
      advice: [...this.advice.values()],
      opportunities: [...this.opportunities.values()],
    };
  }
}

/** What a process remembers of one workspace between two computations of its playbook. */
export interface PlaybookState {
  /** The local date, the settings and the conversation window the facts were loaded for. */
  day: string;
  settingsKey: string;
  since: string;
  /** The newest change-log entry the facts and `stored` include. */
  seq: number;
  facts: WorkspaceFacts;
  /** What the rules proposed per record, for the same day and settings. */
  memo: RuleMemo;
  /** The stored rule actions (every keyed row, whatever its status), by id. */
  stored: Map<string, StoredAction>;
  /** The same by key, one row per key (`indexStoredActions`); rebuilt when `stored` changes from outside. */
  byKey: Map<string, StoredAction>;
  /** Live rows that repeat a key: made obsolete by the next computation. */
  duplicates: string[];
}

/** The change-log tables whose entries name a record of each kind of fact. */
export const FACT_KIND_OF_TABLE: Readonly<Record<string, keyof FactSelection | 'actions' | null>> = {
  contacts: 'contacts',
  organizations: 'organizations',
  targets: 'organizations',
  conversations: 'conversations',
  conversation_participants: 'conversations',
  referrals: 'referrals',
  advice_items: 'advice',
  opportunities: 'opportunities',
  opportunity_interviewers: 'opportunities',
  actions: 'actions',
  // What a contact is found by (services/contact-search.service.ts): nothing the rules read.
  contact_search: null,
};

/** A small LRU of workspace states: a server with thousands of workspaces keeps only the busy ones. */
export class PlaybookStateCache {
  private readonly states = new Map<string, PlaybookState>();
  constructor(private readonly capacity: number) {}

  get(workspaceId: string): PlaybookState | undefined {
    const state = this.states.get(workspaceId);
    if (state) {
      this.states.delete(workspaceId);
      this.states.set(workspaceId, state);
    }
    return state;
  }

  set(workspaceId: string, state: PlaybookState): void {
    this.states.delete(workspaceId);
    this.states.set(workspaceId, state);
    while (this.states.size > this.capacity) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.states.delete(oldest);
    }
  }

  delete(workspaceId: string): void {
    this.states.delete(workspaceId);
  }
}
