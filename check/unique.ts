import { show } from '../core/json-value';
import { describe, Origin } from '../core/origin';
import { Problems } from './problems';

export interface Entry {
  readonly origin: Origin;
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
    } else if (describe(earlier.origin) === describe(entry.origin)) {
      problems.add(
        entry.origin,
        entry.value,
        `is listed more than once: each ${what} must be unique`,
      );
    } else {
      problems.add(
        entry.origin,
        entry.value,
        `is also the ${what} of ${describe(earlier.origin)}${earlier.value === entry.value ? '' : ` (${show(earlier.value)})`}: each ${what} must be unique`,
      );
    }
  }
}
