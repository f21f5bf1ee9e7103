import { z } from 'zod';
import { FORMAT_VERSION } from './json-document.js';

/**
 * The --json document of `status`: every storage the files describe (and, with --all, the others)
 * with its state, sorted by mount path, and the count of each state. README.md documents it.
 */
const stateSchema = z.enum(['working', 'disabled', 'broken', 'missing', 'conflict']);

export const statusDocumentSchema = z.object({
  format_version: z.literal(FORMAT_VERSION),
  command: z.literal('status'),
  server: z.object({ url: z.string(), version: z.string(), flavor: z.string() }),
  storages: z.array(
    z.object({
      mount_path: z.string(),
      driver: z.string(),
      state: stateSchema,
      /** false for a storage the files do not describe (listed with --all only). */
      described: z.boolean(),
      id: z.number().int().optional(),
      status: z.string().optional(),
      reason: z.string().optional(),
      hint: z.string().optional(),
    }),
  ),
  /** How many of the listed storages are in each state. */
  summary: z.record(stateSchema, z.number().int()),
  /** Described storages that --only / --driver left out. */
  left_out: z.number().int(),
  warnings: z.array(z.object({ file: z.string(), line: z.number(), col: z.number(), message: z.string(), severity: z.enum(['error', 'warning']).optional() })),
});
export type StatusDocument = z.infer<typeof statusDocumentSchema>;
