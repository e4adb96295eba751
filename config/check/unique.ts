import { show } from '../schema/json-value';
import { Problems } from '../read/problems';

/** Where each resolved cluster, identity, role and association was written, for messages. */
export type Paths = WeakMap<object, string>;

export interface Entry {
  readonly path: string;
  readonly value: string;
}

/** Reports every entry whose value (after `key`) an earlier entry has already. */
export function checkUnique(
  entries: readonly Entry[],
  what: string,
  problems: Problems,
  key: (value: string) => string = (value) => value,
): void {
  const first = new Map<string, Entry>();
  for (const entry of entries) {
    const earlier = first.get(key(entry.value));
    if (earlier === undefined) {
      first.set(key(entry.value), entry);
    } else if (earlier.path === entry.path) {
      problems.add(
        entry.path,
        entry.value,
        `is listed more than once: each ${what} must be unique`,
      );
    } else {
      problems.add(
        entry.path,
        entry.value,
        `is also the ${what} of ${earlier.path}${earlier.value === entry.value ? '' : ` (${show(earlier.value)})`}: each ${what} must be unique`,
      );
    }
  }
}
