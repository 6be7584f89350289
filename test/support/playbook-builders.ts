/**
 * Builders of playbook facts with sensible defaults, for tests here and in the services
 * (`contact({ id: 'stan', displayName: 'Stan Fields' })`). Pure data; no I/O.
 */
import { computeActions } from '../../src/domain/playbook/engine.js';
import { resolveSettings, type PlaybookSettingsInput } from '../../src/domain/playbook/settings.js';
import type {
  PAdvice,
  PContact,
  PConversation,
  PlaybookInput,
  POpportunity,
  POrganization,
  PReferral,
  ProposedAction,
  RuleId,
} from '../../src/domain/playbook/playbook.types.js';

type Req<T, K extends keyof T> = Partial<T> & Pick<T, K>;

export function contact(c: Req<PContact, 'id'>): PContact {
  const displayName = c.displayName ?? c.id;
  return {
    displayName,
    firstName: c.firstName ?? displayName.split(' ')[0] ?? displayName,
    organizationId: null,
    cadence: null,
    createdAt: '2025-01-01T09:00:00.000Z',
    ...c,
  };
}

export function organization(o: Req<POrganization, 'id'>): POrganization {
  return { name: o.id, target: null, ...o };
}

export function target(o: Req<POrganization, 'id'> & { rank: number; status?: 'active' | 'paused' | 'dropped' }): POrganization {
  const { rank, status, ...rest } = o;
  return organization({ ...rest, target: { rank, motivation: 2, posting: 1, status: status ?? 'active' } });
}

export function conversation(c: Req<PConversation, 'id' | 'startsAt'>): PConversation {
  return {
    kind: 'networking-meeting',
    status: 'done',
    participantIds: [],
    direction: 'mutual',
    awaitingReply: false,
    repliedAt: null,
    opportunityId: null,
    interviewRound: null,
    ...c,
  };
}

export function referral(r: Req<PReferral, 'id' | 'fromContactId' | 'offeredAt'>): PReferral {
  return { toContactId: null, toOrganizationId: null, status: 'offered', statusChangedAt: r.offeredAt, ...r };
}

export function advice(a: Req<PAdvice, 'id' | 'contactId'>): PAdvice {
  return { title: a.id, kind: 'book', status: 'open', createdAt: '2026-01-05T09:00:00.000Z', doneAt: null, updateSentAt: null, ...a };
}

export function opportunity(o: Req<POpportunity, 'id' | 'organizationId' | 'stageChangedAt'>): POpportunity {
  return {
    title: o.id,
    stage: 'lead',
    referrerContactId: null,
    notAFit: false,
    interviewerIds: [],
    rapportInterviewerId: null,
    ...o,
  };
}

export type InputSpec = Partial<Omit<PlaybookInput, 'settings'>> & { now: string; settings?: PlaybookSettingsInput };

/** A complete `PlaybookInput`: empty collections and default settings unless given. */
export function playbookInput(spec: InputSpec): PlaybookInput {
  return {
    now: spec.now,
    settings: resolveSettings(spec.settings ?? {}),
    contacts: spec.contacts ?? [],
    organizations: spec.organizations ?? [],
    conversations: spec.conversations ?? [],
    referrals: spec.referrals ?? [],
    advice: spec.advice ?? [],
    opportunities: spec.opportunities ?? [],
  };
}

/** The actions one rule proposes for the spec (through the engine, so settings and enabledRules apply). */
export function actionsOf(ruleId: RuleId, spec: InputSpec): ProposedAction[] {
  return computeActions(playbookInput(spec)).filter((a) => a.ruleId === ruleId);
}
