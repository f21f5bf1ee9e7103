/**
 * The kinds of value config.yaml holds, shared by the server settings (config/) and the drivers'
 * sections (drivers/), so that every section reads strings and bools the same way.
 */
import { z } from 'zod';

/**
 * A string setting. null (`key:` with nothing after it) passes here and is reported as an empty
 * value by the config rules, so that one empty value does not hide every other problem.
 */
export const textSetting = z.string().nullable().optional();

/**
 * A bool setting. Besides true/false, go-yaml (the old tools) read yes/no/on/off, in any case,
 * into a bool field, and real users' files have them.
 */
const GO_YAML_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['yes', true],
  ['on', true],
  ['no', false],
  ['off', false],
]);
export const flagSetting = z.preprocess((value) => (typeof value === 'string' ? (GO_YAML_BOOLEANS.get(value.toLowerCase()) ?? value) : value), z.boolean());
