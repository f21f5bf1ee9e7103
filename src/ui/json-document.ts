import { z } from 'zod';
import { AlistBatchError, type Diagnostic, ValidationError } from '../errors.js';
import { additionValueSchema, desiredStorageSchema, fieldChangeSchema } from '../model/storage.js';

import { JSON_COMMANDS, type JsonCommand } from './json-command.js';

/** A described storage as the validate document shows it: what it sends and where it comes from. */
const validatedStorageSchema = desiredStorageSchema.omit({ at: true, secretKeys: true, rewrittenKeys: true });
export type ValidatedStorage = z.infer<typeof validatedStorageSchema>;

/**
 * The --json document of validate, plan and apply: one JSON object on stdout, nothing else there. Its shape
 * is versioned by `format_version`; README.md documents it. Secrets are never included.
 */
export const FORMAT_VERSION = 1;

const changeEntrySchema = z.object({
  action: z.enum(['create', 'update', 'delete', 'replace', 'conflict']),
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
  /** update (--adopt): an earlier version's mark gets the fingerprint of the storage's secrets (none are sent). */
  fingerprints: z.boolean().optional(),
  /** conflict: the other alist-batch set that manages the storage (null: the unnamed set); update: the set --adopt takes it from. */
  other_set: z.string().nullable().optional(),
  /** conflict and replace: the driver on the server (conflict: and what to do). */
  current_driver: z.string().optional(),
  reason: z.string().optional(),
  /** apply only. */
  result: z.enum(['ok', 'failed', 'skipped']).optional(),
  /** apply only: after its write, the storage was enabled or disabled (the files' `disabled:`). */
  switched: z.enum(['enabled', 'disabled']).optional(),
  error: z.string().optional(),
  hint: z.string().optional(),
});
export type ChangeEntry = z.infer<typeof changeEntrySchema>;

const diagnosticSchema = z.object({
  file: z.string(),
  line: z.number(),
  col: z.number(),
  message: z.string(),
  severity: z.enum(['error', 'warning']).optional(),
});

const storageRefSchema = z.object({ mount_path: z.string(), driver: z.string(), id: z.number().int() });

export const documentSchema = z.object({
  format_version: z.literal(FORMAT_VERSION),
  command: z.enum(JSON_COMMANDS),
  server: z.object({ url: z.string(), version: z.string(), flavor: z.string() }).optional(),
  summary: z
    .object({
      create: z.number().int(),
      update: z.number().int(),
      delete: z.number().int(),
      /** Present when the plan replaces storages (a driver changed: delete, then create). */
      replace: z.number().int().optional(),
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
  /** This folder's set (config.yaml's name:); null: the unnamed set. */
  set: z.string().nullable().optional(),
  /** Storages of this set whose section is disabled (or absent): out of prune's scope, left alone. */
  out_of_scope: z.array(storageRefSchema).optional(),
  /** Storages of other alist-batch sets that the files do not name: left alone. */
  other_sets: z.array(storageRefSchema.extend({ set: z.string().nullable() })).optional(),
  /** Storages without alist-batch's mark that the files do not name: never touched. */
  unmanaged: z.array(storageRefSchema).optional(),
  /** Storages the files name that carry no alist-batch mark (apply --adopt marks them). */
  unmarked: z.array(storageRefSchema).optional(),
  /**
   * Server rows at irregular mount paths: two rows at one path (problem "duplicate"), or a path not
   * in the form the server stores ("noncanonical"; clean_path is that form). Never touched; a path
   * the files name among them is a conflict.
   */
  irregular: z.array(storageRefSchema.extend({ clean_path: z.string(), problems: z.array(z.enum(['duplicate', 'noncanonical'])) })).optional(),
  /** validate only: the storages the files describe, secrets masked. */
  storages: z.array(validatedStorageSchema).optional(),
  /** plan and apply with --only / --driver: the described storages the filter left out. */
  left_out: z.number().int().optional(),
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
/** The document of a command that failed: the message, the hint, and the problems in the files. */
export function errorDocument(command: JsonCommand, error: unknown): JsonDocument {
  const doc: JsonDocument = { format_version: FORMAT_VERSION, command, error: { message: error instanceof Error ? error.message : String(error) } };
  if (error instanceof AlistBatchError && error.hint && doc.error) doc.error.hint = error.hint;
  if (error instanceof ValidationError && doc.error) doc.error.diagnostics = [...error.diagnostics];
  return doc;
}

/** The document of validate: the storages the files describe (their secrets already masked) and any warnings. */

export function validateDocument(maskedStorages: ValidatedStorage[], warnings: Diagnostic[]): JsonDocument {
  return { format_version: FORMAT_VERSION, command: 'validate', storages: maskedStorages, warnings };
}
