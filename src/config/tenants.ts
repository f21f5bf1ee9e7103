import type { Tenant, TenantEntry, TenantTable } from '../drivers/section.js';
import type { SourceLocation } from '../errors.js';
import type { Addition } from '../model/storage.js';
import type { RuleContext } from './checks.js';
import { dottedPath, type PathSegment } from './tree.js';

/**
 * The rule for a tenant list (a driver's section asks for it, see SectionReader.tenants): every
 * credential required, ids unique. A tenant whose entry has a problem in its shape is left out
 * (references to it are reported), so that the other tenants still resolve their references.
 */
export function readTenants<Key extends string>(
  rules: RuleContext,
  listPath: PathSegment[],
  entries: readonly TenantEntry<Key>[] | undefined,
  credentialKeys: readonly Key[],
  secretKeys: ReadonlySet<string>,
): TenantTable {
  const { tree } = rules;
  const byId = new Map<number, Tenant>();
  const broken = new Map<number, SourceLocation>();
  const firstAt = new Map<number, SourceLocation>();
  const byPosition: Tenant[] = [];
  let complete = !tree.isReported(listPath);
  if (entries === undefined) rules.missing(listPath);
  else if (entries.length === 0) rules.report(tree.at(listPath)?.key, `${dottedPath(listPath)} is empty (list at least one tenant)`);
  (entries ?? []).forEach((entry, index) => {
    const path = [...listPath, index];
    const addition: Addition = {};
    for (const key of credentialKeys) {
      const value = rules.requiredString([...path, key], entry[key]);
      if (value === undefined) continue;
      addition[key] = value;
      warnIfNotMicrosoftId(rules, [...path, key], value);
      if (secretKeys.has(key)) rules.secrets.push(value);
    }
    // A tenant without `id:` takes its 1-based position.
    const id = entry.id ?? index + 1;
    const location = (entry.id === undefined ? tree.at(path)?.value : tree.at([...path, 'id'])?.value) ?? { file: tree.file, line: 1, col: 1 };
    const tenant: Tenant = { id, addition, location };
    byPosition.push(tenant);
    if (tree.isReported([...path, 'id'])) {
      // Its id is unreadable: an unknown id in a reference may be this tenant's.
      complete = false;
      return;
    }
    const first = firstAt.get(id);
    if (first) {
      rules.report(location, `duplicate tenant id ${id} (first at line ${first.line})`);
      return;
    }
    firstAt.set(id, location);
    if (rules.hasProblemWithin(path)) broken.set(id, location);
    else byId.set(id, tenant);
  });
  return { listName: dottedPath(listPath), byId, byPosition, broken, complete };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Besides its GUID, Microsoft's sign-in takes a tenant's domain name or one of these words. */
const TENANT_WORDS = new Set(['common', 'organizations', 'consumers']);

/**
 * An app's client_id is a GUID, a tenant_id a GUID or a domain: anything else (the app's name, a
 * secret's id pasted into the wrong key) is accepted by the server and fails only at sign-in,
 * storage by storage. A warning, since the files are otherwise fine.
 */
function warnIfNotMicrosoftId(rules: RuleContext, path: PathSegment[], value: string): void {
  const key = path[path.length - 1];
  const trimmed = value.trim();
  if (GUID.test(trimmed) || value.includes('${')) return;
  const where = rules.tree.at(path)?.value;
  if (key === 'client_id') {
    rules.warn(
      where,
      `${dottedPath(path)} is not a GUID (like 3f2a9c1e-0000-4000-8000-000000000001): use the app's "Application (client) ID" from the Azure portal`,
    );
  } else if (key === 'tenant_id' && !TENANT_WORDS.has(trimmed.toLowerCase()) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(trimmed)) {
    rules.warn(where, `${dottedPath(path)} is neither a GUID nor a domain name: use the "Directory (tenant) ID" from the Azure portal`);
  }
}
