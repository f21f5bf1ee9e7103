import type { ApplyReport, ChangeOutcome } from './apply.js';
import { countActions, isBroken, type Plan, type PlannedChange } from './plan.js';
import { hintFor } from './hints.js';
import { FORMAT_VERSION, type ChangeEntry, type JsonDocument } from '../ui/json-document.js';

/** The --json document of plan and apply, built from a plan (and apply's report); its contract is in ui/json-document.ts. */
function changeEntry(change: PlannedChange, outcome?: ChangeOutcome): ChangeEntry {
  const entry: ChangeEntry = { action: change.action, mount_path: change.mount_path, driver: change.driver };
  if (change.action === 'create') entry.values = { ...change.visible };
  if (change.action === 'update') {
    entry.id = change.id;
    entry.fields = change.fields;
    if (change.adopts) entry.adopts = true;
    if (change.other_set !== undefined) entry.other_set = change.other_set;
    if (change.restarts) entry.restarts = true;
    if (change.fingerprints) entry.fingerprints = true;
  }
  if (change.action === 'delete') entry.id = change.id;
  if (change.action === 'replace') {
    entry.id = change.id;
    entry.current_driver = change.current_driver;
    entry.values = { ...change.visible };
  }
  if (change.action === 'conflict') {
    entry.id = change.id;
    entry.current_driver = change.current_driver;
    entry.reason = change.reason;
    if (change.other_set !== undefined) entry.other_set = change.other_set;
  }
  if (outcome) {
    entry.result = outcome.result;
    if (outcome.id !== undefined) entry.id = outcome.id;
    if (outcome.error !== undefined) entry.error = outcome.error;
    if (outcome.hint !== undefined) entry.hint = outcome.hint;
    if (outcome.switched !== undefined) entry.switched = outcome.switched;
  }
  return entry;
}

export function notWorking(plan: Plan): NonNullable<JsonDocument['not_working']> {
  return plan.unchanged
    .filter((s) => isBroken(s.status))
    .map(({ mount_path, driver, id, status }) => {
      const hint = hintFor(status);
      return hint ? { mount_path, driver, id, status, hint } : { mount_path, driver, id, status };
    });
}

export function planDocument(
  command: 'plan' | 'apply',
  plan: Plan,
  context: { server: JsonDocument['server']; warnings: NonNullable<JsonDocument['warnings']> },
  report?: ApplyReport,
): JsonDocument {
  const { replace, ...counts } = countActions(plan);
  const broken = notWorking(plan);
  const outcomeOf = new Map(report?.outcomes.map((o) => [o.change, o]));
  const doc: JsonDocument = {
    format_version: FORMAT_VERSION,
    command,
    server: context.server,
    set: plan.set,
    summary: { ...counts, ...(replace > 0 ? { replace } : {}), not_working: broken.length },
    changes: plan.changes.map((c) => changeEntry(c, outcomeOf.get(c))),
    not_working: broken,
    orphans: plan.orphans,
    unmanaged: plan.unmanaged,
    unmarked: plan.unmarked,
    irregular: plan.irregular,
    out_of_scope: plan.outOfScope,
    other_sets: plan.otherSets,
    warnings: context.warnings,
  };
  if (report && doc.summary) {
    doc.summary.ok = report.outcomes.filter((o) => o.result === 'ok').length;
    doc.summary.failed = report.outcomes.filter((o) => o.result === 'failed').length;
    doc.summary.skipped = report.outcomes.filter((o) => o.result === 'skipped').length;
  }
  return doc;
}
