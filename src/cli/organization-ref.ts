import { organizationListQuerySchema, type Organization } from '../contracts/organization.schema.js';
import type { AppContext } from '../runtime/context.js';
import { AppError } from '../services/errors.js';
import { CliError, EXIT } from './output.js';

/**
 * Finds a live organization by id, by its exact name (case and accents aside), or by a search
 * that matches exactly one — so "Acme" means Acme even when "Acme Robotics" exists too.
 */
export async function resolveOrganization(ctx: AppContext, ref: string): Promise<Organization> {
  const scope = { workspaceId: ctx.workspaceId };
  try {
    const byId = await ctx.services.organizations.get(scope, ref);
    if (byId.deletedAt === null) return byId;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'not_found')) throw error;
  }
  const byName = await ctx.services.organizations.findByName(scope, ref);
  if (byName) return byName;
  const matches = await ctx.services.organizations.list(scope, organizationListQuerySchema.parse({ q: ref, limit: 6 }));
  const only = matches.items[0];
  if (matches.total === 1 && only) return only;
  if (matches.total === 0) throw new CliError(`No organization matches "${ref}"`, EXIT.notFound);
  const names = matches.items.map((o) => `  ${o.id}  ${o.name}`).join('\n');
  throw new CliError(`"${ref}" matches ${matches.total} organizations; use an id or the full name:\n${names}`, EXIT.usage);
}
