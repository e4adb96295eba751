/**
 * YAML text for Helm values: block mappings and sequences, every string
 * double-quoted as JSON writes it (YAML 1.2 reads JSON scalars as they are,
 * so `"true"`, `"1.0"` or `"a: b"` stay strings), `null` to remove a key a
 * chart or an earlier values file sets. Keys are written as given.
 */

/** A value Helm can take. */
export type YamlValue =
  string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** `value`, a mapping, as YAML lines, after `comments` (each line a `# ` comment). */
export function toYaml(
  value: { readonly [key: string]: YamlValue },
  comments: readonly string[] = [],
): string {
  const lines = [
    ...comments.map((line) => (line === '' ? '#' : `# ${line}`)),
    ...mapping(value, ''),
  ];
  return `${lines.join('\n')}\n`;
}

function mapping(value: { readonly [key: string]: YamlValue }, indent: string): string[] {
  const entries = Object.entries(value);
  if (entries.length === 0) return [`${indent}{}`];
  return entries.flatMap(([key, item]) => entry(`${indent}${keyOf(key)}:`, item, indent));
}

function sequence(value: readonly YamlValue[], indent: string): string[] {
  if (value.length === 0) return [`${indent}[]`];
  return value.flatMap((item) => {
    if (isMapping(item) && Object.keys(item).length > 0) {
      // The first key shares the dash's line; the others align with it.
      const [first, ...rest] = mapping(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    }
    return entry(`${indent}-`, item, indent);
  });
}

/** `head` (a key or a dash) with a scalar on its line, or a collection below it. */
function entry(head: string, item: YamlValue, indent: string): string[] {
  if (Array.isArray(item)) {
    return item.length === 0 ? [`${head} []`] : [head, ...sequence(item, `${indent}  `)];
  }
  if (isMapping(item)) {
    return Object.keys(item).length === 0
      ? [`${head} {}`]
      : [head, ...mapping(item, `${indent}  `)];
  }
  return [`${head} ${scalar(item as string | number | boolean | null)}`];
}

function isMapping(item: YamlValue): item is { readonly [key: string]: YamlValue } {
  return typeof item === 'object' && item !== null && !Array.isArray(item);
}

function scalar(item: string | number | boolean | null): string {
  return item === null ? 'null' : JSON.stringify(item);
}

/** A plain key when YAML reads it back as the same string, a quoted one otherwise. */
function keyOf(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key) &&
    !/^(?:true|false|null|yes|no|on|off|y|n|~)$/i.test(key)
    ? key
    : JSON.stringify(key);
}
