import type { Migration, MigrationProvider } from 'kysely';
import * as m20261122_0700 from './20261122_0700_initial.js';
import * as m20261122_0800 from './20261122_0800_relationship_core.js';
import * as m20261122_0900 from './20261122_0900_playbook.js';
import * as m20261122_1000 from './20261122_1000_opportunities.js';
import * as m20261122_1100 from './20261122_1100_conversation_status_index.js';
import * as m20261201_0700 from './20261201_0700_change_log.js';
import * as m20261201_1000 from './20261201_1000_action_order_index.js';
import * as m20261201_1100 from './20261201_1100_change_log_link_rows.js';
import * as m20261210_0900 from './20261210_0900_advice_created_logged.js';
import * as m20261215_0900 from './20261215_0900_contact_search_log.js';
import * as m20261215_1000 from './20261215_1000_contacts_live_sort_index.js';
import * as m20261216_0900 from './20261216_0900_conversation_sources.js';
import * as m20261220_0900 from './20261220_0900_accounts.js';
import * as m20261230_0900 from './20261230_0900_contact_full_name_department.js';
import * as m20261231_0900 from './20261231_0900_coaching.js';
import * as m20270105_0900 from './20270105_0900_background_jobs.js';

/**
 * Every migration, in order. Listed statically (not read from the folder) so that the compiled
 * app, the tests and the CLI run exactly the same set. Names sort by their timestamp.
 */
const migrations: Record<string, Migration> = {
  '20261122_0700_initial': m20261122_0700,
  '20261122_0800_relationship_core': m20261122_0800,
  '20261122_0900_playbook': m20261122_0900,
  '20261122_1000_opportunities': m20261122_1000,
  '20261122_1100_conversation_status_index': m20261122_1100,
  '20261201_0700_change_log': m20261201_0700,
  '20261201_1000_action_order_index': m20261201_1000,
  '20261201_1100_change_log_link_rows': m20261201_1100,
  '20261210_0900_advice_created_logged': m20261210_0900,
  '20261215_0900_contact_search_log': m20261215_0900,
  '20261215_1000_contacts_live_sort_index': m20261215_1000,
  '20261216_0900_conversation_sources': m20261216_0900,
  '20261220_0900_accounts': m20261220_0900,
  '20261230_0900_contact_full_name_department': m20261230_0900,
  '20261231_0900_coaching': m20261231_0900,
  '20270105_0900_background_jobs': m20270105_0900,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
