import { describe, expect, it } from 'vitest';
import { onedriveApp } from '../../src/drivers/onedrive-app.js';
import { problems, SERVER, validate } from './support.js';

const parse = (value: string) => onedriveApp.parseListValue(value);
const EXPECTED = '(expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)';

describe('OnedriveAPP list values', () => {
  it('reads a reference: the drive root without a path, a path that may hold ":"', () => {
    expect(parse('1:alice@contoso.onmicrosoft.com')).toEqual({ addition: { root_folder_path: '/', email: 'alice@contoso.onmicrosoft.com' }, tenant: 1 });
    expect(parse('12:bob@contoso.com:/Projects/2024: Q1')).toEqual({
      addition: { root_folder_path: '/Projects/2024: Q1', email: 'bob@contoso.com' },
      tenant: 12,
    });
  });

  it('names what is wrong with a value', () => {
    expect(parse('alice@contoso.com')).toEqual({ error: `malformed OneDrive reference "alice@contoso.com" ${EXPECTED}` });
    expect(parse('0:alice@contoso.com')).toEqual({
      error: `malformed OneDrive reference "0:alice@contoso.com": the tenant "0" is not a tenant id (1, 2, ...) ${EXPECTED}`,
    });
    expect(parse('one:alice@contoso.com')).toEqual({
      error: `malformed OneDrive reference "one:alice@contoso.com": the tenant "one" is not a tenant id (1, 2, ...) ${EXPECTED}`,
    });
    expect(parse('1:alice')).toEqual({ error: `malformed OneDrive reference "1:alice": "alice" is not an email address ${EXPECTED}` });
    expect(parse('1:alice@contoso.com:Projects')).toEqual({
      error: `malformed OneDrive reference "1:alice@contoso.com:Projects": the root path must start with "/" ${EXPECTED}`,
    });
  });
});

describe('OnedriveAPP addition keys', () => {
  it('sends every key in the server struct order, with the old tool defaults', () => {
    expect(Object.entries(onedriveApp.defaults)).toEqual([
      ['root_folder_path', '/'],
      ['region', 'global'],
      ['client_id', ''],
      ['client_secret', ''],
      ['tenant_id', ''],
      ['email', ''],
      ['chunk_size', 5],
      ['custom_host', ''],
    ]);
  });

  it('keeps the client secret secret; the server rewrites nothing', () => {
    expect(onedriveApp.secretKeys).toEqual(['client_secret']);
    expect(onedriveApp.serverRewrittenKeys).toEqual([]);
  });
});

describe('OnedriveAPP section', () => {
  const LIST = 'Team:\n    Alice: 2:alice@contoso.com:/Docs\n';
  const tenant = (id: number, n: string): string[] => [
    `        - id: ${id}`,
    `          client_id: ${n}`,
    `          client_secret: csecret-${n}-abcdef`,
    `          tenant_id: tenant${n}.onmicrosoft.com`,
  ];

  it('section onedrive_app reads onedrive_app.yaml; the region and the named tenant go with the entry', async () => {
    const config = [...SERVER, 'onedrive_app:', '    enable: true', '    region: cn', '    tenants:', ...tenant(1, 'one'), ...tenant(2, 'two')];
    const loaded = await validate(config, { 'onedrive_app.yaml': LIST });
    expect(loaded.storages[0]?.addition).toEqual({
      root_folder_path: '/Docs',
      region: 'cn',
      client_id: 'two',
      client_secret: 'csecret-two-abcdef',
      tenant_id: 'tenanttwo.onmicrosoft.com',
      email: 'alice@contoso.com',
      chunk_size: 5,
      custom_host: '',
    });
    expect(loaded.storages[0]?.managed.addition).toEqual(['root_folder_path', 'region', 'client_id', 'client_secret', 'tenant_id', 'email']);
    expect(loaded.secrets).toEqual(expect.arrayContaining(['csecret-one-abcdef', 'csecret-two-abcdef']));
  });

  it('reads credentials written as numbers as text', async () => {
    const config = [
      ...SERVER,
      'onedrive_app:',
      '    enable: true',
      '    region: global',
      '    tenants:',
      '        - id: 2',
      '          client_id: 1234',
      '          client_secret: 98765432',
      '          tenant_id: 42',
    ];
    const loaded = await validate(config, { 'onedrive_app.yaml': LIST });
    expect(loaded.storages[0]?.addition).toMatchObject({ client_id: '1234', client_secret: '98765432', tenant_id: '42' });
  });

  it('warns about a client_id that is not a GUID and a tenant_id that is neither a GUID nor a domain', async () => {
    const config = [...SERVER, 'onedrive_app:', '    enable: true', '    region: global', '    tenants:', ...tenant(2, 'two')];
    config[config.length - 3] = '          client_id: my-app';
    config[config.length - 1] = '          tenant_id: tenant-two';
    const loaded = await validate(config, { 'onedrive_app.yaml': LIST });
    expect(loaded.warnings.filter((w) => w.file === 'config.yaml').map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([
      '10:22: onedrive_app.tenants[1].client_id is not a GUID (like 3f2a9c1e-0000-4000-8000-000000000001): use the app\'s "Application (client) ID" from the Azure portal',
      '12:22: onedrive_app.tenants[1].tenant_id is neither a GUID nor a domain name: use the "Directory (tenant) ID" from the Azure portal',
    ]);
  });

  it('requires a region and tenants', async () => {
    expect(await problems([...SERVER, 'onedrive_app:', '    enable: true'], { 'onedrive_app.yaml': LIST })).toEqual([
      'config.yaml:5:1: missing required key "region" in onedrive_app (global, cn, us or de)',
      'config.yaml:5:1: missing required key "tenants" in onedrive_app',
      'onedrive_app.yaml:2:12: unknown tenant id 2: onedrive_app.tenants in config.yaml has no tenants',
    ]);
    expect(await problems([...SERVER, 'onedrive_app:', '    enable: true', '    region: global', '    tenants: []'], { 'onedrive_app.yaml': LIST })).toEqual([
      'config.yaml:8:5: onedrive_app.tenants is empty (list at least one tenant)',
      'onedrive_app.yaml:2:12: unknown tenant id 2: onedrive_app.tenants in config.yaml has no tenants',
    ]);
  });

  it('never echoes a client secret of the wrong type', async () => {
    const config = [
      ...SERVER,
      'onedrive_app:',
      '    enable: true',
      '    region: global',
      '    tenants:',
      '        - id: 2',
      '          client_id: 00000000-0000-4000-8000-000000000001',
      '          client_secret: [csecret-abcdef]',
      '          tenant_id: tid.onmicrosoft.com',
    ];
    expect(await problems(config, { 'onedrive_app.yaml': LIST })).toEqual([
      'config.yaml:11:26: onedrive_app.tenants[1].client_secret must be a string',
      'onedrive_app.yaml:2:12: tenant id 2 cannot be used until its entry in config.yaml (line 9) is fixed',
    ]);
  });
});
