import { z } from 'zod';
import { FORMAT_VERSION } from './json-document.js';

/** The --json document of `export`: what was written where, what was skipped and why. README.md documents it. */
export const exportDocumentSchema = z.object({
  format_version: z.literal(FORMAT_VERSION),
  command: z.literal('export'),
  server: z.object({ url: z.string(), version: z.string(), flavor: z.string() }),
  /** The folder written, and the files in it. */
  out: z.string(),
  files: z.array(z.string()),
  /** Every storage written, with the file and line that describe it. */
  exported: z.array(z.object({ mount_path: z.string(), driver: z.string(), file: z.string(), line: z.number().int() })),
  /** Storages that the files cannot describe, each with the reason. */
  skipped: z.array(z.object({ mount_path: z.string(), driver: z.string(), reason: z.string() })),
  /** The environment variables config.yaml reads its secrets from (empty with --include-secrets). */
  variables: z.array(z.string()),
  secrets_included: z.boolean(),
  /** Storages on the server that --only / --driver left out. */
  left_out: z.number().int(),
});
export type ExportDocument = z.infer<typeof exportDocumentSchema>;
