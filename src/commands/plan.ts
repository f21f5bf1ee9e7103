import { Command } from 'commander';
import { z } from 'zod';
import { planDocument } from '../sync/plan-document.js';
import { computePlan, hasChanges, type Plan, type PlanOptions } from '../sync/plan.js';
import { renderPlan } from '../sync/render.js';
import { secretValuesOf } from '../sync/server-secrets.js';
import { ExitCode, type CommandContext } from './context.js';
import { addServerOptions, openSession, parseOptions, serverOptionsSchema, type Session } from './server-options.js';

/** The options that shape the plan, shared by plan and apply (apply carries them out). */
export const planShapeSchema = serverOptionsSchema.extend({
  prune: z.boolean().default(false),
  adopt: z.boolean().default(false),
  retryBroken: z.boolean().default(false),
});

const planOptionsSchema = planShapeSchema.extend({
  detailedExitcode: z.boolean().default(false),
});

export function planCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  const command = new Command('plan')
    .description('show what apply would do: validate, log in, read every storage, print the diff')
    .option('--detailed-exitcode', 'exit 0 = no changes, 2 = changes pending, 1 = error (for CI drift checks)')
    .option('--prune', 'also show the deletions that apply --prune would make')
    .option('--adopt', 'also show the storages that apply --adopt would mark as managed')
    .option('--retry-broken', 'also show the not-working storages that apply --retry-broken would restart');
  addServerOptions(command).action(async (raw: unknown) => {
    setExitCode(await runPlan(parseOptions(planOptionsSchema, raw), ctx));
  });
  return command;
}

async function runPlan(options: z.infer<typeof planOptionsSchema>, ctx: CommandContext): Promise<number> {
  const session = await openSession(options, ctx);
  try {
    const plan = await readPlan(session, options, ctx);
    showPlan(plan, session, ctx);
    const conflicts = plan.changes.some((c) => c.action === 'conflict');
    if (!options.detailedExitcode) return ExitCode.ok;
    if (conflicts) return ExitCode.failure;
    return hasChanges(plan) ? ExitCode.changesPending : ExitCode.ok;
  } finally {
    await session.client.close();
  }
}

/** Reads every storage on the server and compares it with the files. */
export async function readPlan(session: Session, { prune, adopt, retryBroken }: PlanOptions, ctx: CommandContext): Promise<Plan> {
  const current = await session.client.listStorages();
  for (const secret of secretValuesOf(current)) ctx.output.redactor.register(secret);
  // Prune's scope: this folder's set, and the drivers of its enabled sections.
  const { set, enabledDrivers } = session.loaded;
  return computePlan(session.loaded.storages, current, { prune, adopt, retryBroken, set, drivers: enabledDrivers });
}

/** What the --json documents of plan and apply say about where they ran, and the files' warnings. */
export function documentContext(session: Session): Parameters<typeof planDocument>[2] {
  const { loaded, client } = session;
  return { server: { url: loaded.server.url, version: client.server.version, flavor: client.server.flavor }, warnings: loaded.warnings };
}

/** The result of plan (and apply --dry-run): the plan's document, or the plan for people. */
export function showPlan(plan: Plan, session: Session, ctx: CommandContext): void {
  ctx.output.result(planDocument('plan', plan, documentContext(session)), () => renderPlan(plan, ctx.output.color));
}
