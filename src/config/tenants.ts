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
