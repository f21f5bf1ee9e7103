import { z } from 'zod';
import { additionValueSchema, desiredStorageSchema, fieldChangeSchema } from '../model/storage.js';
import type { ApplyReport, ChangeOutcome } from './apply.js';
import { countActions, isBroken, type Plan, type PlannedChange } from './plan.js';
import { hintFor } from './hints.js';

/**
 * The --json document of validate, plan and apply: one JSON object on stdout, nothing else there. Its shape
 * is versioned by `format_version`; README.md documents it. Secrets are never included.
 */
export const FORMAT_VERSION = 1;

const changeEntrySchema = z.object({
  action: z.enum(['create', 'update', 'delete', 'conflict']),
  mount_path: z.string(),
  driver: z.string(),
  id: z.number().int().optional(),
  /** create: the values from the files (secrets left out). */
  values: z.record(z.string(), additionValueSchema).optional(),
  /** update: what changes. */
  fields: z.array(fieldChangeSchema).optional(),
  /** update: the storage was made outside alist-batch and is marked as managed from now on. */
  adopts: z.boolean().optional(),
  /** update (--retry-broken): the storage is not working; re-saving it restarts its driver. */
  restarts: z.boolean().optional(),
  /** conflict: the driver on the server and what to do. */
  current_driver: z.string().optional(),
  reason: z.string().optional(),
  /** apply only. */
  result: z.enum(['ok', 'failed', 'skipped']).optional(),
  error: z.string().optional(),
  hint: z.string().optional(),
});
export type ChangeEntry = z.infer<typeof changeEntrySchema>;

const diagnosticSchema = z.object({ file: z.string(), line: z.number(), col: z.number(), message: z.string(), severity: z.enum(['error', 'warning']).optional() });

const storageRefSchema = z.object({ mount_path: z.string(), driver: z.string(), id: z.number().int() });

export const documentSchema = z.object({
  format_version: z.literal(FORMAT_VERSION),
  command: z.enum(['validate', 'plan', 'apply']),
  server: z.object({ url: z.string(), version: z.string(), flavor: z.string() }).optional(),
  summary: z
    .object({
      create: z.number().int(),
      update: z.number().int(),
      delete: z.number().int(),
      conflict: z.number().int(),
      unchanged: z.number().int(),
      not_working: z.number().int(),
      /** apply only: outcomes. */
      ok: z.number().int().optional(),
      failed: z.number().int().optional(),
      skipped: z.number().int().optional(),
    })
    .optional(),
  changes: z.array(changeEntrySchema).optional(),
  /** Storages that match the files but whose driver is not working (status is its error). */
  not_working: z.array(storageRefSchema.extend({ status: z.string(), hint: z.string().optional() })).optional(),
  /** Storages alist-batch created that the files no longer name (deleted only with --prune). */
  orphans: z.array(storageRefSchema).optional(),
  /** Storages without alist-batch's mark that the files do not name: never touched. */
  unmanaged: z.array(storageRefSchema).optional(),
  /** Storages the files name that carry no alist-batch mark (apply --adopt marks them). */
  unmarked: z.array(storageRefSchema).optional(),
  /** validate only: the storages the files describe, secrets masked. */
  storages: z.array(desiredStorageSchema).optional(),
  /** Warnings about the files (e.g. tenants the old tools counted by position). */
  warnings: z.array(diagnosticSchema).optional(),
  error: z
    .object({
      message: z.string(),
      hint: z.string().optional(),
      diagnostics: z.array(diagnosticSchema).optional(),
    })
    .optional(),
});
export type JsonDocument = z.infer<typeof documentSchema>;

function changeEntry(change: PlannedChange, outcome?: ChangeOutcome): ChangeEntry {
  const entry: ChangeEntry = { action: change.action, mount_path: change.mount_path, driver: change.driver };
  if (change.action === 'create') entry.values = { ...change.visible };
  if (change.action === 'update') {
    entry.id = change.id;
    entry.fields = change.fields;
    if (change.adopts) entry.adopts = true;
    if (change.restarts) entry.restarts = true;
  }
  if (change.action === 'delete') entry.id = change.id;
  if (change.action === 'conflict') {
    entry.id = change.id;
    entry.current_driver = change.current_driver;
    entry.reason = change.reason;
  }
  if (outcome) {
    entry.result = outcome.result;
    if (outcome.id !== undefined) entry.id = outcome.id;
    if (outcome.error !== undefined) entry.error = outcome.error;
    if (outcome.hint !== undefined) entry.hint = outcome.hint;
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
  const counts = countActions(plan);
  const broken = notWorking(plan);
  const outcomeOf = new Map(report?.outcomes.map((o) => [o.change, o]));
  const doc: JsonDocument = {
    format_version: FORMAT_VERSION,
    command,
    server: context.server,
    summary: { ...counts, not_working: broken.length },
    changes: plan.changes.map((c) => changeEntry(c, outcomeOf.get(c))),
    not_working: broken,
    orphans: plan.orphans,
    unmanaged: plan.unmanaged,
    unmarked: plan.unmarked,
    warnings: context.warnings,
  };
  if (report && doc.summary) {
    doc.summary.ok = report.outcomes.filter((o) => o.result === 'ok').length;
    doc.summary.failed = report.outcomes.filter((o) => o.result === 'failed').length;
    doc.summary.skipped = report.outcomes.filter((o) => o.result === 'skipped').length;
  }
  return doc;
}
