import { SET_NAME_PATTERN, type SetName } from '../model/mark.js';
import type { RuleContext } from './checks.js';
import type { ConfigFile } from './schema.js';

/**
 * The rule for config.yaml's top-level `name:`: the set this folder's storages belong to. It goes
 * into every storage's marker line (`managed-by: alist-batch (home-media)`), and prune deletes only
 * storages of its own set. Absent: the unnamed set, which is what every folder was before.
 */
export function setName(rules: RuleContext, config: ConfigFile): SetName {
  if (config.name === undefined) return null;
  const name = rules.usedString(['name'], config.name);
  if (name === undefined) return null;
  if (!SET_NAME_PATTERN.test(name)) {
    const shown = name.length > 70 ? `${JSON.stringify(name.slice(0, 64))}… (${name.length} characters)` : JSON.stringify(name);
    rules.report(
      rules.tree.at(['name'])?.value,
      `name must be 1 to 64 letters, digits, "-", "_" or "." (got ${shown}); it names this folder's set of storages in their remark, e.g. name: home-media`,
    );
    return null;
  }
  return name;
}
