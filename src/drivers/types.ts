import { z } from 'zod';
import type { Addition } from '../model/storage.js';
import type { DriverSection } from './section.js';

/** The drivers alist-batch has a module for (list files, shares.yaml); storages.yaml takes any other by name. */
export const driverNameSchema = z.enum(['AliyundriveShare', 'PikPakShare', 'OnedriveAPP', '115 Share', '123PanShare']);
export type DriverName = z.infer<typeof driverNameSchema>;

/**
 * What one list-file value (a share link or a OneDrive reference) says: the addition keys it
 * determines, and for OneDrive the tenant number it names (resolved against config.yaml later).
 */
export interface ParsedListValue {
  readonly addition: Addition;
  readonly tenant?: number;
}

/** A list-file value the driver cannot read: the message names what is wrong, never a secret. */
export interface ListValueError {
  readonly error: string;
}

/**
 * One driver, as alist-batch knows it: its section of config.yaml, how a list-file value becomes
 * addition keys, which keys it sends (in the server's struct order, with the values the old tool
 * sent as defaults), which of them are secrets, and which the server rewrites by itself after init
 * (so they are not drift). Registered in index.ts; the config loader, plan and output take it from there.
 */
export interface DriverModule {
  readonly name: DriverName;
  /**
   * Its section of config.yaml and the list files the section names. None for the share drivers
   * that only shares.yaml lists (115, 123): their account comes from `defaults.<driver>`.
   */
  readonly section?: DriverSection;
  /** The hosts of its share links (shares.yaml picks the driver by the link's host); none: not a share driver. */
  readonly shareHosts?: readonly string[];
  /**
   * Addition keys that give the account a share is opened with (Aliyun's refresh token, 115's cookie
   * or QR token): one of them must be stated for a share of this driver. Empty: no account needed.
   */
  readonly accountKeys?: readonly string[];
  /** Every addition key this driver sends, in the server's field order, with its default value. */
  readonly defaults: Readonly<Addition>;
  /** Keys whose values must never be printed. */
  readonly secretKeys: readonly string[];
  /**
   * Keys the server rewrites by itself (rotated refresh tokens, generated device ids, access and
   * captcha tokens). A difference in one of these is not drift; a *secret* among them is pushed
   * again only when the storage is not working.
   */
  readonly serverRewrittenKeys: readonly string[];
  /** The key of an entry's value when the entry is a mapping with settings (`{account: ..., order: 5}`); `link` when absent. */
  readonly entryValueKey?: 'link' | 'account';
  /** What a list-file value of this driver looks like, for messages ("an Aliyun share link"). */
  readonly valueDescription: string;
  /** Reads one list-file value (already known to be a non-empty string). */
  parseListValue(value: string): ParsedListValue | ListValueError;
  /** How `export` writes a storage of this driver back into the files. */
  readonly exporter: DriverExport;
}

/**
 * The way back, for `export`: from a storage on the server to the files. A section states some
 * addition keys once for all of its entries; a driver with tenants (OneDrive) groups the storages
 * by the tenant keys, one tenant per distinct combination.
 */
export interface DriverExport {
  /** Upper-case prefix of the variables that stand for the section's secrets (ALIYUN → ${ALIYUN_REFRESH_TOKEN}). */
  readonly variablePrefix: string;
  /** Addition keys the section states for every entry. */
  readonly sectionKeys: readonly string[];
  /** Addition keys that make a tenant, when the driver's list values name one. */
  readonly tenantKeys: readonly string[];
  /** The list-file value for a storage's addition (and its tenant's id), or why it has none. */
  listValue(addition: Readonly<Addition>, tenant: number | undefined): string | ListValueError;
}

/** A driver module with a section of its own in config.yaml (the built-in list files). */
export type SectionModule = DriverModule & { readonly section: DriverSection };

export function isListValueError(result: ParsedListValue | ListValueError): result is ListValueError {
  return 'error' in result;
}
