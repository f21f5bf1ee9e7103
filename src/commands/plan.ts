import { Command } from 'commander';
import { z } from 'zod';
import { InconsistentListError } from '../alist/listing.js';
import { planDocument } from '../sync/plan-document.js';
import { computePlan, hasChanges, type Plan, type PlanOptions } from '../sync/plan.js';
import { renderPlan } from '../sync/render.js';
import { cleanMountPath } from '../model/mount-path.js';
import { isFiltered, selectForPlan, selectsNothing, selector } from '../sync/select.js';
import type { JsonDocument } from '../ui/json-document.js';
import { count } from '../ui/text.js';
import { addSelectionOptions } from './cli-option.js';
import { ExitCode, type CommandContext } from './context.js';
import { checkedStorages, fetchDriverSchemas } from './driver-check.js';
import { readServerStorages, selectionOf, selectionOptionsShape, serverOf } from './server-read.js';
import { addServerOptions, openSession, parseOptions, serverOptionsSchema, type Session } from './server-options.js';

/** The options that shape the plan, shared by plan and apply (apply carries them out). */
export const planShapeSchema = serverOptionsSchema.extend({
  prune: z.boolean().default(false),
  adopt: z.boolean().default(false),
  retryBroken: z.boolean().default(false),
  ...selectionOptionsShape,
});
type PlanShape = z.infer<typeof planShapeSchema>;

/** A plan, and how many described storages --only / --driver left out of it. */
export interface SelectedPlan {
  plan: Plan;
  leftOut: number;
}

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
  addSelectionOptions(command);
  addServerOptions(command).action(async (raw: unknown) => {
    setExitCode(await runPlan(parseOptions(planOptionsSchema, raw), ctx));
  });
  return command;
}

async function runPlan(options: z.infer<typeof planOptionsSchema>, ctx: CommandContext): Promise<number> {
  const session = await openSession(options, ctx);
  try {
    const selected = await readPlan(session, options, ctx);
    const { plan } = selected;
    showPlan(selected, session, ctx);
    const conflicts = plan.changes.some((c) => c.action === 'conflict');
    if (!options.detailedExitcode) return ExitCode.ok;
    if (conflicts) return ExitCode.failure;
    return hasChanges(plan) ? ExitCode.changesPending : ExitCode.ok;
  } finally {
    await session.client.close();
  }
}

/**
 * Reads every storage on the server and compares it with the files, within the selection of
 * --only / --driver (a selection that takes nothing is a usage error, not a quiet "no changes").
 * The selected storages are first checked against the server's driver schemas and completed for
 * creating (driver-check.ts): a ValidationError before any write when they do not fit.
 */
export async function readPlan(session: Session, options: PlanShape, ctx: CommandContext): Promise<SelectedPlan> {
  const selection = selectionOf(options);
  // The driver schemas of the selected storages are read while the storage list is.
  const take = selector(selection);
  const drivers = session.loaded.storages.filter((s) => take(s.mount_path, s.driver)).map((s) => s.driver);
  const [listed, schemas] = await Promise.all([readServerStorages(session, ctx).catch(listedBeforeChanges), fetchDriverSchemas(session, drivers)]);
  const selected = selectForPlan(session.loaded.storages, listed, selection, cleanMountPath);
  const { current, leftOut } = selected;
  if (isFiltered(selection) && selected.desired.length === 0 && current.length === 0) {
    throw selectsNothing(selection, session.loaded.storages.length, true);
  }
  const desired = checkedStorages(selected.desired, listed, schemas);
  // Prune's scope: this folder's set, and the drivers of its enabled sections.
  const { set, enabledDrivers, allDriversExcept } = session.loaded;
  // With storages.yaml every driver is in scope but a disabled section's.
  const scope = allDriversExcept ? { exceptDrivers: allDriversExcept } : { drivers: enabledDrivers };
  const planOptions: PlanOptions = { prune: options.prune, adopt: options.adopt, retryBroken: options.retryBroken, set, ...scope };
  return { plan: computePlan(desired, current, planOptions), leftOut };
}

/** A storage list that does not add up, read for the plan: nothing was changed yet, and the message says so. */
function listedBeforeChanges(error: unknown): never {
  throw error instanceof InconsistentListError ? error.asBeforeChanges() : error;
}

/** What the --json documents of plan and apply say about where they ran, and the files' warnings. */
export function documentContext(session: Session): Parameters<typeof planDocument>[2] {
  return { server: serverOf(session), warnings: session.loaded.warnings };
}

/** The result of plan (and apply --dry-run): the plan's document, or the plan for people. */
export function showPlan({ plan, leftOut }: SelectedPlan, session: Session, ctx: CommandContext): void {
  ctx.output.result(
    withLeftOut(planDocument('plan', plan, documentContext(session)), leftOut),
    () => renderPlan(plan, ctx.output.color) + leftOutLine(leftOut),
  );
}

/** The plan and apply documents say how many described storages a filter left out (only when one did). */
export function withLeftOut(document: JsonDocument, leftOut: number): JsonDocument {
  return leftOut > 0 ? { ...document, left_out: leftOut } : document;
}

/** The line under a filtered plan or apply summary. */
export function leftOutLine(leftOut: number): string {
  return leftOut > 0 ? `\n${count(leftOut, 'described storage')} left out by --only / --driver.` : '';
}
