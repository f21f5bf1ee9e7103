import { Command, Option } from 'commander';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { escapeText } from '../model/display.js';
import { applyPlan, type ApplyReport } from '../sync/apply.js';
import { planDocument } from '../sync/plan-document.js';
import { countActions, type Plan } from '../sync/plan.js';
import { progressLine, renderApplySummary, renderPlan } from '../sync/render.js';
import { startProgress } from '../ui/progress.js';
import { count } from '../ui/text.js';
import { confirm } from '../ui/prompt.js';
import { ExitCode, type CommandContext } from './context.js';
import { documentContext, leftOutLine, planShapeSchema, readPlan, showPlan, withLeftOut } from './plan.js';
import { addSelectionOptions } from './cli-option.js';
import { addServerOptions, openSession, parseOptions, type Session } from './server-options.js';

const applyOptionsSchema = planShapeSchema.extend({
  dryRun: z.boolean().default(false),
  yes: z.boolean().default(false),
  concurrency: z.coerce
    .number({ error: 'expected a whole number from 1 to 64' })
    .int('expected a whole number from 1 to 64')
    .min(1, 'expected a whole number from 1 to 64')
    .max(64, 'expected a whole number from 1 to 64')
    .default(8),
});
type ApplyOptions = z.infer<typeof applyOptionsSchema>;

export function applyCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  const command = new Command('apply')
    .description('make the server match the files: create, update and (with --prune) delete storages')
    .option('--dry-run', 'show the plan and change nothing (exactly `plan`)')
    .option('--prune', 'delete storages alist-batch manages (created or adopted) that the files no longer name')
    .option(
      '--adopt',
      'mark storages made outside alist-batch (by hand, or by alist_batch) at paths the files name as managed, so that --prune can remove them later',
    )
    .option('--retry-broken', 'save storages that match the files but are not working again, so the server restarts their drivers (after fixing the cause)')
    .option('-y, --yes', 'confirm deletions without asking (required for --prune without a terminal)')
    .addOption(new Option('--concurrency <n>', 'requests in flight at most (1-64)').default(8));
  addSelectionOptions(command);
  addServerOptions(command).action(async (raw: unknown) => {
    setExitCode(await runApply(parseOptions(applyOptionsSchema, raw), ctx));
  });
  return command;
}

async function runApply(options: ApplyOptions, ctx: CommandContext): Promise<number> {
  const session = await openSession(options, ctx, options.concurrency);
  try {
    const selected = await readPlan(session, options, ctx);
    const { plan, leftOut } = selected;
    if (options.dryRun) {
      showPlan(selected, session, ctx);
      return ExitCode.ok;
    }
    // The plan for people comes before the confirmation; the JSON document only once it is done.
    ctx.output.text(() => renderPlan(plan, ctx.output.color) + leftOutLine(leftOut));
    await confirmDeletions(plan, options, ctx);
    const report = plan.changes.length > 0 ? await carryOut(plan, session, options, ctx) : { outcomes: [], interrupted: false };
    const summary = plan.changes.length > 0 ? () => `\n${renderApplySummary(plan, report, ctx.output.color)}` : undefined;
    ctx.output.result(withLeftOut(planDocument('apply', plan, documentContext(session), report), leftOut), summary);
    if (report.interrupted) return ExitCode.interrupted;
    return plan.changes.some((c) => c.action === 'conflict') || report.outcomes.some((o) => o.result !== 'ok') ? ExitCode.failure : ExitCode.ok;
  } finally {
    await session.client.close();
  }
}

/** Deleting is the one thing that cannot be undone: ask on a terminal, demand --yes elsewhere. */
async function confirmDeletions(plan: Plan, options: ApplyOptions, ctx: CommandContext): Promise<void> {
  const deletions = countActions(plan).delete;
  if (deletions === 0 || options.yes) return;
  const noun = count(deletions, 'storage');
  if (!ctx.stdin.isTTY || !ctx.output.streams.stderr.isTTY) {
    throw new UsageError(`--prune would delete ${noun}, and there is no terminal to confirm on; nothing was changed.`, {
      hint: 'review the plan, then run again with --yes',
    });
  }
  // The plan may not be on screen (--json, stdout redirected): name what goes, on the terminal.
  const doomed = plan.changes.filter((c) => c.action === 'delete');
  ctx.output.info(`--prune deletes ${noun}:`);
  for (const change of doomed.slice(0, DELETIONS_SHOWN))
    ctx.output.info(`  - ${escapeText(change.mount_path)} (${escapeText(change.driver)}, id ${change.id})`);
  if (doomed.length > DELETIONS_SHOWN) ctx.output.info(`  … and ${doomed.length - DELETIONS_SHOWN} more`);
  const others = plan.changes.filter((c) => c.action === 'create' || c.action === 'update').length;
  const question = others > 0 ? `Apply ${count(others, 'other change')} and delete ${noun}?` : `Delete ${noun} from the server?`;
  if (!(await confirm(ctx.output, question, ctx.signal))) {
    throw new UsageError('Apply cancelled; nothing was changed.');
  }
}

const DELETIONS_SHOWN = 20;

async function carryOut(plan: Plan, session: Session, options: ApplyOptions, ctx: CommandContext): Promise<ApplyReport> {
  const progress = await startProgress(ctx.output, 'applied', plan.changes.length, { spinner: !ctx.output.json });
  try {
    return await applyPlan(plan, session.client, {
      concurrency: options.concurrency,
      signal: ctx.signal,
      onSettled: (outcome, settled, total) =>
        progress.tick(settled, total, progressLine(outcome, settled, total, ctx.output.errColor), outcome.result !== 'ok'),
    });
  } finally {
    progress.stop();
  }
}
