/**
 * A list entry's value: a string (the link or OneDrive reference), or a mapping of that string under
 * `link:` (`account:` in onedrive_app.yaml) with the mount's settings beside it. The settings are
 * read later, with the driver (resolve.ts, storage-settings.ts); here only the shape is checked.
 */
import { isMap, isScalar, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceLocation } from '../errors.js';
import { quote } from '../model/display.js';
import { keyText, nodeStart, type YamlFile } from './read.js';

/** The keys that hold an entry's value in a mapping, by the list file's kind. */
export const VALUE_KEYS = ['link', 'account'] as const;
export type ValueKey = (typeof VALUE_KEYS)[number];

export type EntryValue =
  | { readonly text: string; readonly location: SourceLocation; readonly mapping: boolean }
  | { readonly problem: string; readonly location: SourceLocation };

/**
 * The entry's string, from the value itself or from its mapping's `valueKey`. Problems name the
 * entry and what was expected; never the value of another key (it may be a secret).
 */
export function entryValue(yamlFile: YamlFile, node: unknown, name: string, source: SourceLocation, valueKey: ValueKey, valueDescription: string): EntryValue {
  if (!isMap(node)) {
    const value = listValue(node);
    if (value.error === undefined) return { text: value.text, location: locationOf(yamlFile, node), mapping: false };
    const where = value.error.startsWith('empty') ? source : locationOf(yamlFile, node);
    return { problem: `${value.error} for ${quote(name)}; expected ${valueDescription}`, location: where };
  }
  const wrong = pairNamed(node, VALUE_KEYS.find((key) => key !== valueKey) ?? valueKey);
  if (wrong) {
    const kind = valueKey === 'link' ? 'a share list' : 'onedrive_app.yaml';
    return {
      problem: `${quote(name)}: an entry of ${kind} gives its value as ${valueKey}: (${valueDescription}), not ${keyText(wrong)}:`,
      location: locationOf(yamlFile, wrong.key),
    };
  }
  const pair = pairNamed(node, valueKey);
  if (!pair) {
    return {
      problem: `${quote(name)} is a mapping without ${valueKey}: (give it ${valueKey}: <${valueDescription}>, and its settings beside it)`,
      location: source,
    };
  }
  const value = listValue(pair.value);
  if (value.error !== undefined) {
    const where = value.error.startsWith('empty') ? locationOf(yamlFile, pair.key) : locationOf(yamlFile, pair.value);
    return { problem: `${value.error} for ${valueKey} of ${quote(name)}; expected ${valueDescription}`, location: where };
  }
  return { text: value.text, location: locationOf(yamlFile, pair.value), mapping: true };
}

function pairNamed(node: YAMLMap, key: string): Pair | undefined {
  return (node.items as Pair[]).find((pair) => keyText(pair) === key);
}

/** A list-file value must be a string: a number, bool or null there is a mistake, not a link. */
function listValue(node: unknown): { text: string; error?: undefined } | { error: string } {
  if (node === null || node === undefined) return { error: 'empty value' };
  if (!isScalar(node)) return { error: 'a list is not a valid value' };
  if (node.value === null || node.value === '') return { error: 'empty value' };
  if (typeof node.value !== 'string') {
    const text = node.type === Scalar.PLAIN && node.source !== undefined ? node.source : String(node.value);
    return { error: `${quote(text)} is not a link or reference` };
  }
  return { text: node.value.trim() };
}

export function locationOf(yamlFile: YamlFile, node: unknown): SourceLocation {
  return node && typeof node === 'object' && 'range' in node ? nodeStart(yamlFile, node as Node) : { file: yamlFile.file, line: 1, col: 1 };
}
