// One item of a driver's form: the kind of value it takes, and what the web UI pre-fills from its
// default string. Items without a `type` tag report the lower-cased Go type name (alist-api.md §5).
import { describe, expect, it } from 'vitest';
import type { DriverItem } from '../src/model/driver-info.js';
import { serverLabel } from '../src/model/server-info.js';
import { allowedValues, defaultValueOf, kindOf } from '../src/sync/driver-items.js';

const BLANK: DriverItem = { name: 'k', type: 'string', default: '', options: '', required: false, help: '' };
const item = (type: string, extra: Partial<DriverItem> = {}): DriverItem => ({ ...BLANK, type, ...extra });

describe('driver items', () => {
  it('the kind of value: type tags and Go type names; an unknown type is left unchecked', () => {
    expect(['bool', 'number', 'int64', 'uint', 'float', 'float64', 'string', 'text', 'select', 'map[string]string'].map((t) => kindOf(item(t)))).toEqual([
      'boolean',
      'integer',
      'integer',
      'integer',
      'number',
      'number',
      'string',
      'string',
      'string',
      undefined,
    ]);
  });

  it('the pre-filled value: the default converted, else the empty value; nothing for what does not convert', () => {
    expect(defaultValueOf(item('number', { default: '5' }))).toBe(5);
    expect(defaultValueOf(item('float', { default: '2' }))).toBe(2);
    expect(defaultValueOf(item('float', { default: '0.5' }))).toBe(0.5);
    expect(defaultValueOf(item('number'))).toBe(0);
    expect(defaultValueOf(item('bool', { default: 'true' }))).toBe(true);
    expect(defaultValueOf(item('bool'))).toBe(false);
    expect(defaultValueOf(item('select', { default: 'linux', options: 'web,android' }))).toBe('linux');
    expect(defaultValueOf(item('string'))).toBe('');
    expect(defaultValueOf(item('number', { default: '1.5' }))).toBeUndefined();
    expect(defaultValueOf(item('number', { default: 'many' }))).toBeUndefined();
    expect(defaultValueOf(item('map[string]string', { default: 'x' }))).toBeUndefined();
  });

  it('a select allows its options and its own default', () => {
    expect(allowedValues(item('select', { options: ' web, android ,', default: 'linux' }))).toEqual(['web', 'android', 'linux']);
    expect(allowedValues(item('select', { options: 'trash,delete' }))).toEqual(['trash', 'delete']);
  });

  it('names the server as messages do', () => {
    expect(serverLabel({ flavor: 'alist', version: 'v3.45.0' })).toBe('AList v3.45.0');
    expect(serverLabel({ flavor: 'openlist', version: 'v4.2.5 (Commit: 0b1e9d09) - Frontend: v4.2.5 - Build at: 2026-08-19' })).toBe('OpenList v4.2.5');
    expect(serverLabel({ flavor: 'openlist', version: '4.1.9' })).toBe('OpenList v4.1.9');
    expect(serverLabel({ flavor: 'unknown', version: 'dev' })).toBe('version "dev"');
  });
});
