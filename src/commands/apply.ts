import { Command, Option } from 'commander';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { escapeText } from '../model/display.js';
import { applyPlan, type ApplyReport } from '../sync/apply.js';
import { planDocument } from '../sync/plan-document.js';
import { countActions, type Plan } from '../sync/plan.js';
import { progressLine, renderApplySummary, renderPlan } from '../sync/render.js';
import { startProgress } from '../ui/progress.js';
import { count, cutList } from '../ui/text.js';
import { confirm } from '../ui/prompt.js';
import { ExitCode, type CommandContext } from './context.js';
import { documentContext, leftOutLine, planShapeSchema, readPlan, showPlan, withLeftOut } from './plan.js';
import { addSelectionOptions } from './cli-option.js';
import { addServerOptions, openSession, parseOptions, type Session } from './server-options.js';

/**
 * The most requests apply keeps in flight. The default stays 8: each create makes the server start
 * a driver that calls a cloud provider. A server on fast hardware, or a run of updates, may take
 * far more (the old tool sent everything at once).
 */
const MAX_CONCURRENCY = 256;
const CONCURRENCY_RANGE = `expected a whole number from 1 to ${MAX_CONCURRENCY}`;

const applyOptionsSchema = planShapeSchema.extend({
  dryRun: z.boolean().default(false),
  yes: z.boolean().default(false),
  concurrency: z.coerce
    .number({ error: CONCURRENCY_RANGE })
    .int(CONCURRENCY_RANGE)
    .min(1, CONCURRENCY_RANGE)
    .max(MAX_CONCURRENCY, CONCURRENCY_RANGE)
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
    .option('-y, --yes', 'apply without asking (on a terminal apply asks first; without one, deletions need --yes)')
    .addOption(new Option('--concurrency <n>', `requests in flight at most (1-${MAX_CONCURRENCY})`).default(8));
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
    await confirmChanges(plan, options, ctx);
    const report = plan.changes.length > 0 ? await carryOut(plan, session, options, ctx) : { outcomes: [], interrupted: false };
    const summary = plan.changes.length > 0 ? () => `\n${renderApplySummary(plan, report, ctx.output.color)}` : undefined;
    ctx.output.result(() => withLeftOut(planDocument('apply', plan, documentContext(session), report), leftOut), summary);
    if (report.interrupted) return ExitCode.interrupted;
    if (report.halted) ctx.output.error(haltedMessage(report));
    return plan.changes.some((c) => c.action === 'conflict') || report.outcomes.some((o) => o.result !== 'ok') ? ExitCode.failure : ExitCode.ok;
  } finally {
    await session.client.close();
  }
}

/** The one line that says why a run stopped early, and what to do. */
function haltedMessage(report: ApplyReport): string {
  const notAttempted = report.outcomes.filter((o) => o.result === 'skipped').length;
  return `apply stopped: ${report.halted ?? ''}; ${count(notAttempted, 'change')} not attempted. Run apply again once this is fixed: it converges, and nothing is created twice.`;
}

/**
 * Ask before changing, as Terraform does: on a terminal, one question covers every change (the
 * deletions named, since the plan may not be on screen). Without a terminal creates and updates go
 * ahead as they always did (CI), but deleting, the one thing that cannot be undone, needs --yes.
 */
async function confirmChanges(plan: Plan, options: ApplyOptions, ctx: CommandContext): Promise<void> {
  const changes = plan.changes.filter((c) => c.action !== 'conflict').length;
  if (changes === 0 || options.yes) return;
  const { delete: deletions, replace: replacements } = countActions(plan);
  const noun = count(deletions, 'storage');
  const destructive = [...(deletions > 0 ? [`delete ${noun}`] : []), ...(replacements > 0 ? [`replace ${count(replacements, 'storage')}`] : [])].join(' and ');
  if (!ctx.stdin.isTTY || !ctx.output.streams.stderr.isTTY) {
    if (destructive === '') return;
    const who = replacements === 0 ? '--prune' : 'apply';
    throw new UsageError(`${who} would ${destructive}, and there is no terminal to confirm on; nothing was changed.`, {
      hint: 'review the plan, then run again with --yes',
    });
  }
  if (deletions > 0) {
    ctx.output.info(`--prune deletes ${noun}:`);
    const doomed = plan.changes.filter((c) => c.action === 'delete');
    for (const line of cutList(doomed, (c) => `  - ${escapeText(c.mount_path)} (${escapeText(c.driver)}, id ${c.id})`)) ctx.output.info(line);
  }
  if (replacements > 0) {
    ctx.output.info(`apply replaces ${count(replacements, 'storage')} (deleted, then created with another driver):`);
    const replaced = plan.changes.filter((c) => c.action === 'replace');
    for (const line of cutList(replaced, (c) => `  -/+ ${escapeText(c.mount_path)} (${escapeText(c.current_driver)} → ${escapeText(c.driver)}, id ${c.id})`))
      ctx.output.info(line);
  }
  const these = changes === 1 ? 'this change' : `these ${changes} changes`;
  const what = [...(deletions > 0 ? [`deleting ${noun}`] : []), ...(replacements > 0 ? [`replacing ${count(replacements, 'storage')}`] : [])].join(' and ');
  const question = `Apply ${these}${what ? `, ${what}` : ''}? (yes/no)`;
  if (!(await confirm(ctx.output, question, ctx.signal))) {
    throw new UsageError('Apply cancelled; nothing was changed.');
  }
}

async function carryOut(plan: Plan, session: Session, options: ApplyOptions, ctx: CommandContext): Promise<ApplyReport> {
  const progress = await startProgress(ctx.output, 'applied', plan.changes.length, { spinner: !ctx.output.json });
  try {
    return await applyPlan(plan, session.client, {
      concurrency: options.concurrency,
      signal: ctx.signal,
      // What was skipped (an interruption, refused credentials) is listed once, cut, in the summary.
      onSettled: (outcome, settled, total) => {
        if (outcome.result !== 'skipped') progress.tick(settled, total, progressLine(outcome, settled, total, ctx.output.errColor), outcome.result !== 'ok');
      },
    });
  } finally {
    progress.stop();
  }
}
