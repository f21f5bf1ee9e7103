// The shape of an emulated driver and the helpers that write its Addition fields down. Kept apart
// from the driver table so the share drivers can live in their own module without an import cycle.
import { createHash } from 'node:crypto';
import type { GoField, GoValue } from './gojson.js';
import type { ServerFeatures } from './version.js';

export interface AdditionField extends GoField {
  /** The `type` tag; without it the item type is the lower-cased Go type name. */
  type?: string;
  default?: string;
  options?: string;
  required?: boolean;
  help?: string;
  /** false for untagged fields such as AliyundriveOpen's AccessToken: stored, but not an Info item. */
  item?: false;
}

export interface DriverConfig {
  name: string;
  localSort: boolean;
  noUpload: boolean;
  defaultRoot: string;
  /** OpenList's PreferProxy (only some versions set it); the web UI then defaults to proxying. */
  preferProxy?: (f: ServerFeatures) => boolean;
}

export type AdditionValues = Record<string, GoValue>;

export interface InitContext {
  now: number;
  randomHex(length: number): string;
}

export interface DriverSpec {
  config: DriverConfig;
  fields(features: ServerFeatures): AdditionField[];
  /** What Init changes before it talks to the cloud, so it happens whether or not init succeeds. */
  patch?(values: AdditionValues): void;
  /**
   * The driver's own refusal before any cloud call (a missing account, no way to get a token): the
   * error text, or null. Injected init failures stand in for what the cloud would answer.
   */
  check?(values: AdditionValues, features: ServerFeatures): string | null;
  /** What a successful Init writes back (refreshed tokens, generated device ids). */
  rotate?(values: AdditionValues, ctx: InitContext): void;
}

type Extra = Omit<AdditionField, 'key' | 'kind'>;

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
export const str = (v: GoValue | undefined): string => (typeof v === 'string' ? v : '');

export const s = (key: string, extra: Extra = {}): AdditionField => ({ key, kind: 'string', ...extra });
/** A Go string with `type:"text"` (a multi-line box in the web UI). */
export const text = (key: string, extra: Omit<Extra, 'type'> = {}): AdditionField => ({ key, kind: 'string', type: 'text', ...extra });
export const b = (key: string, extra: Extra = {}): AdditionField => ({ key, kind: 'bool', ...extra });
export const select = (key: string, options: string, extra: Omit<Extra, 'options' | 'type'> = {}): AdditionField => ({
  key,
  kind: 'string',
  type: 'select',
  options,
  ...extra,
});
/** An int64 with `type:"number"`. */
export const int64 = (key: string, extra: Omit<Extra, 'type'> = {}): AdditionField => ({ key, kind: 'int64', type: 'number', ...extra });
/** A float64 with `type:"float"`. */
export const float64 = (key: string, extra: Omit<Extra, 'type'> = {}): AdditionField => ({ key, kind: 'float64', type: 'float', ...extra });
