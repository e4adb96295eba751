import * as rules from '../core/rules';
import { RESERVED_IDENTITY_NAMES } from '../core/stack-ids';

/**
 * Identity names for roles: DNS labels derived from the role names, unique
 * and the same on every run. An identity's name is its construct ID, and so
 * part of its resources' Terraform addresses: it must not move between runs.
 */

const IDENTITY_NAME_LENGTH = rules.identityName.maxLength ?? 63;

/** The name of a role whose name has no letter or digit at all. */
const NAMELESS = 'role';

/**
 * A DNS label for each role name: lower case, each run of other characters
 * than letters and digits one `-`, at most 63 characters. Names are given in
 * the order of the role names (as strings compare), and a name already
 * given gets `-2`, `-3`, ... so the same roles always get the same names,
 * whatever order IAM listed them in. The names the AWS stack keeps for its
 * own constructs count as given: a role named `backend` is `backend-2`.
 */
export function identityNames(roleNames: readonly string[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>(RESERVED_IDENTITY_NAMES);
  for (const roleName of [...new Set(roleNames)].sort(compareStrings)) {
    const base = labelOf(roleName);
    let name = base;
    for (let n = 2; taken.has(name); n++) {
      const suffix = `-${n}`;
      name = `${trimDashes(base.slice(0, IDENTITY_NAME_LENGTH - suffix.length))}${suffix}`;
    }
    taken.add(name);
    names.set(roleName, name);
  }
  return names;
}

function labelOf(roleName: string): string {
  const label = trimDashes(
    roleName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, IDENTITY_NAME_LENGTH),
  );
  return label === '' ? NAMELESS : label;
}

function trimDashes(text: string): string {
  return text.replace(/^-+|-+$/g, '');
}

/** By UTF-16 code units, as `Array.prototype.sort` without a comparator: no locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
