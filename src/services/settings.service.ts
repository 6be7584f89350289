import { sql, type Kysely, type Transaction } from 'kysely';
import { settingsSchema, type Settings, type SettingsUpdate, type SettingsView } from '../contracts/settings.schema.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { describeRules } from '../domain/playbook/engine.js';
import { RULE_GROUP, WHY_FIRST } from '../domain/playbook/priority.js';
import { DEFAULT_PLAYBOOK_SETTINGS, hasWindow, resolveSettings, settingsChangeProblems, type PlaybookSettings, type PlaybookSettingsInput } from '../domain/playbook/settings.js';
import type { Scope } from './contact.service.js';
import { InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Workspace settings: the playbook's numbers, who "me" is in messages, and edited templates. */
export class SettingsService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  /** `db` may be an open transaction, so that a computation reads the settings it locked. */
  async get(scope: Scope, db: Kysely<Database> | Transaction<Database> = this.deps.db.kysely): Promise<Settings> {
    const row = await db.selectFrom('workspaces').select('settings').where('id', '=', scope.workspaceId).executeTakeFirst();
    if (!row) throw new NotFoundError('Workspace', scope.workspaceId);
    return this.parse(row.settings);
  }

  /** The settings stored as `workspaces.settings` (read by a caller that has the row already). */
  parse(stored: string | null): Settings {
    // Settings written by an older version may lack keys: parsing fills the defaults.
    const parsed = settingsSchema.safeParse(JSON.parse(stored || '{}'));
    return parsed.success ? parsed.data : settingsSchema.parse({});
  }

  /** The playbook settings in force, from the stored settings. */
  playbookOf(stored: string | null): PlaybookSettings {
    return resolveSettings(this.parse(stored).playbook as PlaybookSettingsInput);
  }

  /** The playbook settings in force: the defaults with the user's overrides. */
  async playbook(scope: Scope, db?: Kysely<Database> | Transaction<Database>): Promise<PlaybookSettings> {
    return resolveSettings((await this.get(scope, db)).playbook as PlaybookSettingsInput);
  }

  async view(scope: Scope, db?: Kysely<Database> | Transaction<Database>): Promise<SettingsView> {
    const settings = await this.get(scope, db);
    const rules = describeRules().map((r) => ({ ...r, group: RULE_GROUP[r.id], whyFirst: WHY_FIRST[r.id], expires: hasWindow(r.id) }));
    return { playbook: settings.playbook, effective: { ...resolveSettings(settings.playbook as PlaybookSettingsInput) }, defaults: { ...DEFAULT_PLAYBOOK_SETTINGS }, me: settings.me, templates: settings.templates, rules };
  }

  /** `db` may be an open transaction: the change is then part of it (an archive import fills the profile with its contacts). */
  async update(scope: Scope, input: SettingsUpdate, db: Kysely<Database> | Transaction<Database> = this.deps.db.kysely): Promise<SettingsView> {
    const current = await this.get(scope, db);
    const templates = { ...current.templates };
    for (const [id, override] of Object.entries(input.templates ?? {})) {
      if (override === null) delete templates[id];
      else templates[id] = override;
    }
    const playbook = { ...current.playbook, ...(input.playbook ?? {}) };
    // Windows change rule by rule (the others keep theirs); null puts the setting back to its default.
    if (input.playbook?.windows) playbook.windows = { ...(current.playbook.windows ?? {}), ...input.playbook.windows };
    if (input.playbook?.windows === null) delete playbook.windows;
    if (input.playbook?.rulePriority === null) delete playbook.rulePriority;
    const next: Settings = {
      playbook,
      me: { ...current.me, ...(input.me ?? {}) },
      templates,
      profile: input.profile ?? current.profile,
      goals: { ...current.goals, ...(input.goals ?? {}) },
    };
    const problems = settingsChangeProblems(next.playbook as PlaybookSettingsInput, (input.playbook ?? {}) as PlaybookSettingsInput);
    if (problems.length > 0) {
      const issues = problems.map((p) => ({ path: `playbook.${p.field}`, message: p.message }));
      throw new InvalidError(`Playbook setting ${problems.map((p) => `"${p.field}": ${p.message}`).join('; ')}`, issues);
    }
    try {
      resolveSettings(next.playbook as PlaybookSettingsInput);
    } catch (error) {
      // resolveSettings names the field: 'Playbook setting "inTheWorksMin": …'
      const message = error instanceof Error ? error.message : String(error);
      const field = /"([^"]+)"/.exec(message)?.[1] ?? 'playbook';
      throw new InvalidError(message, [{ path: `playbook.${field}`, message }]);
    }
    // Settings change what the playbook proposes: bump the version so Today recomputes.
    await db
      .updateTable('workspaces')
      .set({ settings: JSON.stringify(next), data_version: sql<number>`data_version + 1` })
      .where('id', '=', scope.workspaceId)
      .execute();
    return this.view(scope, db);
  }
}
