import type { Db } from '../db/database.js';
import { AccountService } from './accounts/account.service.js';
import type { PasswordHasher } from './accounts/secrets.js';
import { AdviceService } from './advice.service.js';
import { MemoryJobs, type BackgroundJobs } from './background-jobs.js';
import { CoachingService } from './coaching/coaching.service.js';
import { BackupService } from './backup.service.js';
import { ExportService } from './export.service.js';
import { GlobalSearchService } from './global-search.service.js';
import { HealthService } from './health.service.js';
import { ImportService } from './import.service.js';
import { MailImportService } from './mail-import.service.js';
import { ContactService } from './contact.service.js';
import { ConversationService } from './conversation.service.js';
import { EventService } from './event.service.js';
import { InsightService } from './insight.service.js';
import { InsightsService } from './insights.service.js';
import { NetworkService } from './network.service.js';
import { OpportunityService } from './opportunity.service.js';
import { PlaybookService } from './playbook.service.js';
import { PrepService } from './prep.service.js';
import { ProfileService } from './profile.service.js';
import { SettingsService } from './settings.service.js';
import { OrganizationService } from './organization.service.js';
import { ReferralService } from './referral.service.js';
import { TargetService } from './target.service.js';
import { systemClock, uuidV7Ids, type Clock, type IdGenerator } from './runtime.js';
import { WorkspaceService } from './workspace.service.js';

export interface ServiceDeps {
  db: Db;
  clock?: Clock;
  ids?: IdGenerator;
  /** Server mode's password hashing (argon2id by default). */
  hasher?: PasswordHasher;
  /** Where imports wait and run: this process's memory (local mode, the default) or PostgreSQL's queue (server mode). */
  jobs?: BackgroundJobs;
}

/** The one place where services are wired to their dependencies. */
export function createServices({ db, clock = systemClock, ids = uuidV7Ids, hasher, jobs = new MemoryJobs(ids, clock) }: ServiceDeps) {
  const deps = { db, clock, ids };
  const contacts = new ContactService(deps);
  const conversations = new ConversationService({ ...deps, contactService: contacts });
  const settings = new SettingsService(deps);
  const playbook = new PlaybookService({ ...deps, settings, conversations });
  const searchInsights = new InsightsService({ ...deps, settings });
  const opportunities = new OpportunityService({ ...deps, conversations, contacts });
  const profile = new ProfileService({ ...deps, settings });
  return {
    workspaces: new WorkspaceService(deps),
    contacts,
    /** The command palette's search across contacts, organizations, opportunities and conversations. */
    search: new GlobalSearchService({ db, contacts }),
    organizations: new OrganizationService(deps),
    targets: new TargetService(deps),
    conversations,
    settings,
    playbook,
    referrals: new ReferralService(deps),
    advice: new AdviceService(deps),
    events: new EventService(deps),
    insights: new InsightService(deps),
    imports: new ImportService({ ...deps, profile, jobs }),
    mailImports: new MailImportService({ ...deps, settings, contactService: contacts, conversations, playbook, jobs }),
    exports: new ExportService(deps),
    backups: new BackupService(deps),
    opportunities,
    searchInsights,
    network: new NetworkService(deps),
    profile,
    prep: new PrepService({ ...deps, settings, conversations }),
    health: new HealthService(deps),
    // Server mode (src/services/accounts/): accounts, sessions, invitations.
    accounts: new AccountService({ ...deps, ...(hasher ? { hasher } : {}) }),
    coaching: new CoachingService({ ...deps, settings, playbook, searchInsights, opportunities }),
  };
}

export type Services = ReturnType<typeof createServices>;
