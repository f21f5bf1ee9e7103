import { z } from 'zod';
import type { SourceLocation } from '../errors.js';
import { flagSetting } from '../model/config-values.js';
import type { Addition } from '../model/storage.js';

/** A tenant from config.yaml (OneDrive), as a list-file reference `<tenant>:...` names it. */
export interface Tenant {
  readonly id: number;
  /** The tenant's credentials (client_id, client_secret, tenant_id). */
  readonly addition: Addition;
  readonly location: SourceLocation;
}

export interface TenantTable {
  /** Where config.yaml lists them, for messages ("onedrive_app.tenants"). */
  readonly listName: string;
  readonly byId: ReadonlyMap<number, Tenant>;
  /** In list order: how alist_batch/openlist_batch resolved `<n>:` (position n, ignoring id:). */
  readonly byPosition: readonly Tenant[];
  /** Tenants whose entry in config.yaml has problems, by id: a reference to one is reported, not resolved. */
  readonly broken: ReadonlyMap<number, SourceLocation>;
  /** False when a tenant's id (or the whole list) could not be read: an unknown id may be that tenant's. */
  readonly complete: boolean;
}

/** One tenant as config.yaml lists it: an optional id and its credential strings. */
export type TenantEntry<Key extends string> = { readonly id?: number | undefined } & { readonly [key in Key]?: string | null | undefined };

/** What a section states for every entry of its list file. */
export interface SectionSettings {
  /** Addition keys the section states (refresh_token, platform, region, ...); only stated ones are managed. */
  readonly sectionAddition: Addition;
  /** The tenants references may name, for drivers whose list values name one. */
  readonly tenants?: TenantTable;
}

/**
 * What a driver may ask of config.yaml while reading its section (the config rules implement it):
 * each check reports its problem at the right place, and a value under one of the section's secret
 * keys is handed to the redactor. Keys are relative to the section.
 */
export interface SectionReader {
  /** A required string that will be used: reported when missing, empty or still a template placeholder. */
  requiredText(key: string, value: string | null | undefined): string | undefined;
  /** Reports a required key that is missing, with what it may be. */
  missing(key: string, hint?: string): undefined;
  /** The tenant list under `key`: each entry's credentials (all required), with ids unique. */
  tenants<Key extends string>(key: string, entries: readonly TenantEntry<Key>[] | undefined, credentialKeys: readonly Key[]): TenantTable;
}

/** A driver's section of config.yaml. Every section has `enable` (required, but checked by the config rules). */
export interface DriverSection {
  /** The section's key in config.yaml -> its list file: alist_batch v0.11 name first, then openlist_batch v0.21. */
  readonly files: Readonly<Record<string, string>>;
  /** The section's shape; every key optional (what an enabled section requires is checked in `settings`). */
  readonly schema: z.ZodObject;
  /** Keys whose plain `1234` is the text "1234" (Go's yaml read it so into a string). */
  readonly stringKeys: readonly string[];
  /** Keys whose values, and everything under them, are never echoed in a message. */
  readonly secretKeys: readonly string[];
  /** Why a user may have written a value the schema refuses, or "". */
  valueNote(key: string, input: unknown): string;
  /** The addition keys the section states for all of its entries (its value as the schema read it). */
  settings(section: unknown, reader: SectionReader): SectionSettings;
}

interface SectionSpec<Shape extends z.ZodRawShape> {
  readonly files: Readonly<Record<string, string>>;
  /** The section's keys besides `enable`. */
  readonly shape: Shape;
  readonly stringKeys: readonly string[];
  readonly secretKeys: readonly string[];
  readonly valueNote?: (key: string, input: unknown) => string;
  readonly settings: (section: SectionOf<Shape> | undefined, reader: SectionReader) => SectionSettings;
}

type SectionSchema<Shape extends z.ZodRawShape> = ReturnType<typeof sectionSchema<Shape>>;
type SectionOf<Shape extends z.ZodRawShape> = z.output<SectionSchema<Shape>>;

function sectionSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  // enable first: its place in the shape is the order of the schema's messages.
  return z.strictObject({ enable: flagSetting.optional(), ...shape });
}

/** A section from its keys: `enable` is added, and `settings` gets the section typed by its schema. */
export function driverSection<Shape extends z.ZodRawShape>(spec: SectionSpec<Shape>): DriverSection {
  const schema = sectionSchema(spec.shape);
  return {
    files: spec.files,
    schema,
    stringKeys: spec.stringKeys,
    secretKeys: spec.secretKeys,
    valueNote: spec.valueNote ?? (() => ''),
    // The config schema has read the section already, so this reading only gives it its type.
    // jitless: read once per run, so compiling zod's fast parser for it would cost more than it saves.
    settings: (section, reader) => spec.settings(schema.optional().parse(section, { jitless: true }), reader),
  };
}
