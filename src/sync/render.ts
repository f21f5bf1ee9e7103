import type { ChalkInstance } from 'chalk';
import { escapeText as t, quote } from '../model/display.js';
import type { AdditionValue, FieldChange } from '../model/storage.js';
import type { ApplyReport, ChangeOutcome } from './apply.js';
import { notWorking } from './plan-document.js';
import { count, cutList, plural } from '../ui/text.js';
import { describeSet } from '../model/mark.js';
import { countActions, type Plan, type PlannedChange } from './plan.js';

/**
 * Human output of plan and apply, in the style infrastructure users know from Terraform:
 * `+` create, `~` update, `-` delete, `!` conflict, sorted by mount path, field-level old → new.
 * Every text that may come from the server (mount paths, drivers, status texts, messages) goes
 * through `t` (escapeText): a name with `\r`, `\n` or ESC in it must not rewrite or fake a line.
 */
const SYMBOL = { create: '+', update: '~', delete: '-', replace: '-/+', conflict: '!' } as const;

export function renderPlan(plan: Plan, c: ChalkInstance): string {
  const lines: string[] = [];
  const colour = { create: c.green, update: c.yellow, delete: c.red, replace: c.red, conflict: c.magenta } as const;
  if (plan.changes.length > 0) {
    lines.push('alist-batch will perform the following actions:', '');
    for (const change of plan.changes) {
      const paint = colour[change.action];
      lines.push(`  ${paint(SYMBOL[change.action])} ${c.bold(t(change.mount_path))} ${c.dim(describe(change))}`);
      for (const detail of details(change)) lines.push(`      ${detail}`);
    }
    lines.push('');
  } else {
    lines.push('No changes: the server matches the files.', '');
  }
  lines.push(...renderIrregular(plan, c), ...renderNotWorking(plan, c), ...renderOrphans(plan, c), ...renderUnmarked(plan, c), ...renderUnmanaged(plan, c));
  lines.push(...renderOutOfScope(plan, c), ...renderOtherSets(plan, c));
  lines.push(planLine(plan, c));
  return lines.join('\n');
}

function planLine(plan: Plan, c: ChalkInstance): string {
  const n = countActions(plan);
  const conflicts = n.conflict > 0 ? c.magenta(` ${count(n.conflict, 'conflict')} left untouched.`) : '';
  const replaces = n.replace > 0 ? ` ${n.replace} to replace,` : '';
  return `${c.bold('Plan:')} ${n.create} to create, ${n.update} to update,${replaces} ${n.delete} to delete, ${n.unchanged} unchanged.${conflicts}`;
}

function describe(change: PlannedChange): string {
  switch (change.action) {
    case 'create':
      return `(${t(change.driver)})`;
    case 'update':
    case 'delete':
      return `(${t(change.driver)}, id ${change.id})`;
    case 'replace':
      return `(${t(change.current_driver)} → ${t(change.driver)}, id ${change.id})`;
    case 'conflict':
      if (change.irregular) return `(${count(change.irregular.length, 'storage')} on the server at an irregular path, ${t(change.driver)} in the files)`;
      if (change.other_set !== undefined) return `(${t(change.driver)}, id ${change.id}, managed by ${describeSet(change.other_set)})`;
      return `(${t(change.current_driver)} on the server, ${t(change.driver)} in the files)`;
  }
}

function details(change: PlannedChange): string[] {
  switch (change.action) {
    case 'create': {
      const visible = Object.entries(change.visible).map(([k, v]) => `${k}: ${show(v)}`);
      return [...visible, ...change.sensitive.map((k) => `${k}: (sensitive value)`)];
    }
    case 'update': {
      const lines = change.fields.map(fieldLine);
      if (change.fingerprints)
        lines.push('(marked by an earlier alist-batch: --adopt adds the fingerprint of its secrets to the mark; the secrets are not sent)');
      if (change.restarts) lines.push(`(not working: ${quote(change.current.status, Infinity)}; saved again so that the server restarts its driver)`);
      if (change.other_set !== undefined) {
        lines.push(
          `(managed by ${describeSet(change.other_set)}: --adopt re-marks it for this folder's set, whose apply --prune may then delete it, and the other's no longer)`,
        );
      } else if (change.adopts) {
        lines.push('(made outside alist-batch: from now on marked as managed, so apply --prune may delete it once the files no longer name it)');
      }
      return lines;
    }
    case 'delete':
      return ['(managed by alist-batch, no longer in the files)'];
    case 'replace': {
      const values = Object.entries(change.visible).map(([k, v]) => `${k}: ${show(v)}`);
      const note = '(managed by alist-batch; the files moved it to another driver: deleted, then created anew)';
      return [note, ...values, ...change.sensitive.map((k) => `${k}: (sensitive value)`)];
    }
    case 'conflict':
      return [t(change.reason)];
  }
}

function fieldLine(field: FieldChange): string {
  if (field.sensitive) return `${field.name}: (sensitive value changed)`;
  return `${field.name}: ${show(field.old ?? null)} → ${show(field.new ?? null)}`;
}

function show(value: AdditionValue | null): string {
  return typeof value === 'string' ? quote(value, Infinity) : String(value);
}

/** Rows at irregular mount paths: a warning, since alist-batch leaves them alone until the admin fixes them. */
function renderIrregular(plan: Plan, c: ChalkInstance): string[] {
  const n = plan.irregular.length;
  if (n === 0) return [];
  const lines = [
    c.yellow(
      `${count(n, 'storage')} on the server ${plural(n, 'is', 'are')} at an irregular mount path (two at one path, or a path not written as the server stores it): ` +
        `alist-batch never touches ${plural(n, 'it', 'them')}, nor creates a storage at ${plural(n, 'its', 'their')} path.`,
    ),
  ];
  lines.push(...cutList(plan.irregular, (row) => `  ${quote(row.mount_path, Infinity)} (${t(row.driver)}, id ${row.id}): ${irregularProblem(row)}`));
  lines.push(c.dim('Fix their mount paths in the web UI (Storages → Edit), or delete the extra ones there.'), '');
  return lines;
}

function irregularProblem(row: Plan['irregular'][number]): string {
  const problems: string[] = [];
  if (row.problems.includes('duplicate')) problems.push(`one of several storages at ${row.clean_path}`);
  if (row.problems.includes('noncanonical')) problems.push(`the server would store this path as ${row.clean_path}`);
  return problems.join('; ');
}

function renderNotWorking(plan: Plan, c: ChalkInstance): string[] {
  const broken = notWorking(plan);
  if (broken.length === 0) return [];
  const n = broken.length;
  const lines = [c.yellow(`${count(n, 'storage')} ${plural(n, 'matches', 'match')} the files but ${plural(n, 'is', 'are')} not working:`)];
  lines.push(
    ...cutList(broken, (s) => [
      `  ${t(s.mount_path)} (${t(s.driver)}, id ${s.id}): ${t(s.status)}`,
      ...(s.hint ? [`      ${c.dim('hint:')} ${t(s.hint)}`] : []),
    ]),
  );
  lines.push(c.dim('Once the cause is fixed, apply --retry-broken restarts their drivers.'), '');
  return lines;
}

function renderOrphans(plan: Plan, c: ChalkInstance): string[] {
  const n = plan.orphans.length;
  return note(
    n,
    c,
    `${count(n, 'storage')} managed by alist-batch ${plural(n, 'is', 'are')} no longer in the files (apply --prune deletes ${plural(n, 'it', 'them')}):`,
    cutList(plan.orphans, (o) => `  ${t(o.mount_path)} (${t(o.driver)}, id ${o.id})`),
  );
}

function renderUnmarked(plan: Plan, c: ChalkInstance): string[] {
  const n = plan.unmarked.length;
  const them = plural(n, 'it', 'them');
  return note(
    n,
    c,
    `${count(n, 'storage')} the files name ${plural(n, 'carries', 'carry')} no alist-batch mark (made by hand, or by the old alist_batch tool): ` +
      `apply --adopt marks ${them}, so that --prune can remove ${them} once the files drop ${them}.`,
  );
}

function renderUnmanaged(plan: Plan, c: ChalkInstance): string[] {
  const n = plan.unmanaged.length;
  return note(
    n,
    c,
    `${count(n, 'other storage')} on the server ${plural(n, 'is', 'are')} not in the files and not managed by alist-batch ` +
      '(made by hand, or by the old alist_batch tool): never touched.',
  );
}

function renderOutOfScope(plan: Plan, c: ChalkInstance): string[] {
  const n = plan.outOfScope.length;
  const drivers = [...new Set(plan.outOfScope.map((s) => t(s.driver)))].join(', ');
  return note(n, c, `${count(n, 'storage')} of disabled sections (${drivers}) left alone; deleting entries from an enabled list is how storages are removed.`);
}

function renderOtherSets(plan: Plan, c: ChalkInstance): string[] {
  const n = plan.otherSets.length;
  const perSet = new Map<string, number>();
  for (const { set } of plan.otherSets) {
    const name = set === null ? 'the unnamed set' : `"${set}"`;
    perSet.set(name, (perSet.get(name) ?? 0) + 1);
  }
  const sets = [...perSet].map(([name, k]) => `${name}: ${k}`).join(', ');
  return note(n, c, `${count(n, 'storage')} of other alist-batch sets (${sets}) ${plural(n, 'is', 'are')} not in these files: left alone.`);
}

/** A dimmed paragraph about `n` storages (none when n is 0), with optional detail lines. */
function note(n: number, c: ChalkInstance, text: string, details: readonly string[] = []): string[] {
  return n === 0 ? [] : [c.dim(text), ...details.map((line) => c.dim(line)), ''];
}

const PAST = { create: 'created', update: 'updated', delete: 'deleted', replace: 'replaced', conflict: 'conflict' } as const;

/** One line per settled change, for logs (CI, pipes): no control codes, greppable. */
export function progressLine(outcome: ChangeOutcome, settled: number, total: number, c: ChalkInstance): string {
  const { change } = outcome;
  const counter = c.dim(`[${settled}/${total}]`);
  if (outcome.result === 'ok') return `${counter} ${PAST[change.action]} ${t(change.mount_path)}${outcome.switched ? `, then ${outcome.switched}` : ''}`;
  if (outcome.result === 'skipped') return `${counter} skipped ${t(change.mount_path)}: ${t(outcome.error ?? '')}`;
  return `${counter} ${c.red('FAILED')} ${change.action} ${t(change.mount_path)}: ${t(outcome.error ?? 'unknown error')}`;
}

/** The end-of-run summary: counts, then every failure with the server's message and a hint. */
export function renderApplySummary(plan: Plan, report: ApplyReport, c: ChalkInstance): string {
  const ok = (action: PlannedChange['action']): number => report.outcomes.filter((o) => o.result === 'ok' && o.change.action === action).length;
  const failures = report.outcomes.filter((o) => o.result === 'failed');
  const skipped = report.outcomes.filter((o) => o.result === 'skipped');
  const lines: string[] = [];
  const head = failures.length > 0 || report.interrupted ? c.red.bold('Apply incomplete:') : c.green.bold('Apply complete:');
  lines.push(
    `${head} ${ok('create')} created, ${ok('update')} updated,${ok('replace') > 0 ? ` ${ok('replace')} replaced,` : ''} ${ok('delete')} deleted, ${plan.unchanged.length} unchanged, ` +
      `${failures.length} failed${skipped.length > 0 ? `, ${skipped.length} skipped` : ''}.`,
  );
  lines.push(...renderSwitched(report));
  if (failures.length > 0) {
    lines.push('', c.red(`Failed (${failures.length}):`));
    lines.push(
      ...cutList(failures, (f) => [
        `  ${t(f.change.mount_path)} (${f.change.action}${f.id !== undefined ? `, id ${f.id}` : ''}): ${t(f.error ?? 'unknown error')}`,
        ...(f.hint ? [`      ${c.dim('hint:')} ${t(f.hint)}`] : []),
      ]),
    );
  }
  if (skipped.length > 0) {
    // Skips share one reason (an interruption, a refused login, a failed run before prune): a few
    // examples say it; --json has them all.
    lines.push('', `Skipped (${skipped.length}):`);
    lines.push(...cutList(skipped, (s) => `  ${t(s.change.mount_path)} (${s.change.action}): ${t(s.error ?? '')}`));
  }
  const failedChanges = failures.filter((f) => f.change.action !== 'conflict').length;
  if (failedChanges > 0) {
    lines.push(
      '',
      'Run apply again after fixing these (with --retry-broken for storages that exist but do not work): it converges, and nothing is created twice.',
    );
  } else if (failures.length > 0) {
    lines.push('', 'Resolve the conflicts, then run apply again.');
  } else if (skipped.length > 0) lines.push('', 'Run apply again to finish: it converges, and nothing is created twice.');
  return lines.join('\n');
}

/** The storages apply enabled or disabled after their writes (the files' `disabled:`). */
function renderSwitched(report: ApplyReport): string[] {
  const switched = report.outcomes.filter((o) => o.switched !== undefined);
  if (switched.length === 0) return [];
  const n = (to: string) => switched.filter((o) => o.switched === to).length;
  return [
    '',
    `Enabled ${n('enabled')}, disabled ${n('disabled')} (as the files' disabled: says):`,
    ...cutList(switched, (o) => `  ${t(o.change.mount_path)}: ${o.switched ?? ''}`),
  ];
}
