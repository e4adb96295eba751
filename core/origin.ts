/**
 * Where a value of the configuration comes from: a path in the file, a
 * default, the environment, or a value derived from another. Every entity of
 * the resolved model carries its origin, so a message can point at what the
 * user wrote (or left out) without any table on the side.
 */

export type PathPart = string | number;

/** A position in the configuration file: `['identities', 0, 'role']`. */
export type Path = readonly PathPart[];

/** `identities[0].role`, as messages write paths. */
export function formatPath(path: Path): string {
  let result = '';
  for (const part of path) {
    if (typeof part === 'number') result += `[${part}]`;
    else result += result === '' ? part : `.${part}`;
  }
  return result;
}

export type Origin =
  /** Written in the file at `path` (`[]`: the file itself). */
  | { readonly kind: 'file'; readonly path: Path }
  /** Left out at `path`: the default applies (the tutorial's, with no file). */
  | { readonly kind: 'default'; readonly path: Path }
  /** An environment variable. */
  | { readonly kind: 'environment'; readonly variable: string }
  /** Derived from what is written (or left out) at `path`; `how` says how. */
  | { readonly kind: 'derived'; readonly path: Path; readonly how: string };

/** Written in the file at `path`. */
export const inFile = (...path: Path): Origin => ({ kind: 'file', path });

/** Left out at `path`, so a default applies. */
export const byDefault = (...path: Path): Origin => ({ kind: 'default', path });

/** From environment variable `variable`. */
export const fromEnvironment = (variable: string): Origin => ({ kind: 'environment', variable });

/** Derived from `origin`'s value, `how` (`derived role name`). */
export function derived(origin: Origin, how: string): Origin {
  return { kind: 'derived', path: pathOf(origin), how };
}

/** The origin of field `parts` of the value at `origin`. */
export function field(origin: Origin, ...parts: Path): Origin {
  return origin.kind === 'environment' ? origin : { ...origin, path: [...origin.path, ...parts] };
}

/** The file path an origin is at (empty for the environment). */
export function pathOf(origin: Origin): Path {
  return origin.kind === 'environment' ? [] : origin.path;
}

/** The origin as messages name it: `identities[0].role.name`, `AWS_REGION (environment)`. */
export function describe(origin: Origin): string {
  switch (origin.kind) {
    case 'file':
      return formatPath(origin.path) || '(file)';
    case 'default':
      return formatPath(origin.path);
    case 'environment':
      return `${origin.variable} (environment)`;
    case 'derived':
      return `${formatPath(origin.path)} (${origin.how})`;
  }
}
