import { EksError, ErrorType } from './errors';

/**
 * What the EKS double checks before it accepts a request, as EKS checks it:
 * request fields, role ARNs, Kubernetes names, tags, an add-on's
 * `resolveConflicts` and `configurationValues`, and (through `Lookups`, which
 * routing.ts answers from moto) that the cluster and the role exist and that
 * the role trusts EKS Pod Identity. Everything but the two look-ups is a pure
 * function, so a test can give it any input without moto.
 *
 * Not modelled: condition keys and Deny statements in trust policies, and
 * add-on configuration schemas (configuration values are only checked to be
 * a JSON object or a YAML mapping).
 */

/** A request or answer body: a JSON object. */
export type Json = Record<string, unknown>;

/** The service principal a role must trust for EKS Pod Identity to assume it. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
/** The actions that principal must be allowed: assume the role, and tag the session. */
export const REQUIRED_ACTIONS: readonly string[] = ['sts:AssumeRole', 'sts:TagSession'];
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/;
const RESOLVE_CONFLICTS: readonly string[] = ['OVERWRITE', 'NONE', 'PRESERVE'];

/**
 * What the checks must look up elsewhere (in moto, for the double), behind
 * an interface so that a test can answer with a fake. A look-up that fails
 * throws; the checks answer that with a ServerException.
 */
export interface Lookups {
  /**
   * The Kubernetes version of the cluster of that name in that region
   * ("" when the cluster has none), or undefined when there is no such cluster.
   */
  clusterVersion(region: string, name: string): Promise<string | undefined>;
  /**
   * The trust policy of the role with exactly this ARN, URL-encoded as IAM
   * returns it ("" when the role has none), or undefined when there is no
   * such role: one of the same name in another account or under another
   * path is not it.
   */
  roleTrustPolicy(roleArn: string): Promise<string | undefined>;
}

/** Checks the cluster exists (moto's); returns its Kubernetes version. */
export async function requireCluster(
  lookups: Lookups,
  region: string,
  name: string,
): Promise<string> {
  let version: string | undefined;
  try {
    version = await lookups.clusterVersion(region, name);
  } catch (error) {
    throw new EksError(
      'ServerException',
      `the double could not look the cluster up in moto: ${error}`,
    );
  }
  if (version === undefined) {
    throw new EksError('ResourceNotFoundException', `No cluster found for name: ${name}.`);
  }
  return version;
}

/** EKS checks the role exists and that its trust policy lets Pod Identity assume and tag it. */
export async function requirePodIdentityRole(lookups: Lookups, roleArn: string): Promise<void> {
  if (roleNameOf(roleArn) === undefined) {
    throw new EksError(
      'InvalidParameterException',
      `The roleArn ${roleArn} is not a valid IAM role ARN.`,
    );
  }
  let trustPolicy: string | undefined;
  try {
    trustPolicy = await lookups.roleTrustPolicy(roleArn);
  } catch (error) {
    throw new EksError(
      'ServerException',
      `the double could not look the role up in moto: ${error}`,
    );
  }
  if (trustPolicy === undefined) {
    // The AWS provider retries on this text for two minutes (IAM eventual consistency).
    throw new EksError('InvalidParameterException', 'Role provided in the request does not exist.');
  }
  if (!trustsPodIdentity(trustPolicy)) {
    throw new EksError(
      'InvalidParameterException',
      `Trust policy of the role provided is invalid. The role ${roleArn} must allow the service ` +
        `principal ${POD_IDENTITY_PRINCIPAL} the actions ${REQUIRED_ACTIONS.join(' and ')}.`,
    );
  }
}

/** The role's name (the last part of its path) if `arn` is an IAM role ARN, else undefined. */
export function roleNameOf(arn: string): string | undefined {
  return ROLE_ARN.exec(arn)?.[1];
}

/**
 * Whether the trust policy (URL-encoded, as IAM and moto return it) allows
 * the Pod Identity principal both actions. Allow statements for that
 * principal are pooled, so the actions may be split across statements;
 * `*` and `sts:*` cover both; conditions are not evaluated.
 */
export function trustsPodIdentity(document: string | undefined): boolean {
  if (document === undefined) return false;
  let policy: unknown;
  try {
    policy = JSON.parse(decodeURIComponent(document));
  } catch {
    return false;
  }
  if (!isJson(policy)) return false;
  const allowed = new Set<string>();
  for (const statement of asArray(policy.Statement)) {
    if (!isJson(statement) || statement.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    const services =
      principal === '*' ? ['*'] : isJson(principal) ? asArray(principal.Service) : [];
    if (!services.some((s) => s === POD_IDENTITY_PRINCIPAL || s === '*')) continue;
    for (const action of asArray(statement.Action)) {
      if (typeof action === 'string') allowed.add(action.toLowerCase());
    }
  }
  const covers = (action: string) =>
    allowed.has('*') || allowed.has('sts:*') || allowed.has(action.toLowerCase());
  return REQUIRED_ACTIONS.every(covers);
}

/** An association's namespace must be a Kubernetes namespace name: a DNS-1123 label. */
export function requireNamespace(namespace: string): void {
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    throw new EksError(
      'InvalidParameterException',
      `Invalid namespace "${namespace}": a Kubernetes namespace must be a DNS-1123 label, at most ` +
        '63 lowercase letters, digits or "-", starting and ending with a letter or digit.',
    );
  }
}

/** An association's service account must be a Kubernetes object name: a DNS-1123 subdomain. */
export function requireServiceAccount(serviceAccount: string): void {
  if (serviceAccount.length > 253 || !DNS1123_SUBDOMAIN.test(serviceAccount)) {
    throw new EksError(
      'InvalidParameterException',
      `Invalid service account "${serviceAccount}": a Kubernetes service account name must be a ` +
        'DNS-1123 subdomain, at most 253 lowercase letters, digits, "-" or ".", each dot-separated ' +
        'part starting and ending with a letter or digit.',
    );
  }
}

/** An add-on's `resolveConflicts`, if given: one of EKS's three values. */
export function resolveConflictsOf(body: Json): string | undefined {
  const value = optionalString(body, 'resolveConflicts');
  if (value !== undefined && !RESOLVE_CONFLICTS.includes(value)) {
    throw new EksError(
      'InvalidParameterException',
      `resolveConflicts must be one of ${RESOLVE_CONFLICTS.join(', ')}.`,
    );
  }
  return value;
}

/**
 * `configurationValues` as given ("" clears them on update). EKS checks them
 * against the add-on version's JSON schema; the double has no schemas and
 * only checks for a JSON object or a YAML mapping.
 */
export function configurationValuesOf(body: Json): string | undefined {
  const value = optionalString(body, 'configurationValues');
  if (value === undefined || value.trim() === '') return value;
  const text = value.trim();
  let mapping: boolean;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      mapping = isJson(JSON.parse(text));
    } catch {
      mapping = false;
    }
  } else {
    // YAML: the first line that says something must open a mapping (`key:` or `key: value`).
    const first = text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '' && !line.startsWith('#') && line !== '---');
    mapping = first !== undefined && /^[^\s:#\-[{][^:#]*:(\s|$)/.test(first);
  }
  if (!mapping) {
    throw new EksError(
      'InvalidParameterException',
      'ConfigurationValue provided in request is not supported: it is neither a JSON object nor ' +
        'a YAML mapping.',
    );
  }
  return value;
}

/** `serviceAccountRoleArn` (IRSA), an IAM role ARN; "" removes it on update. */
export function serviceAccountRoleArnOf(body: Json): string | undefined {
  const value = optionalString(body, 'serviceAccountRoleArn');
  if (value !== undefined && value !== '' && roleNameOf(value) === undefined) {
    throw new EksError(
      'InvalidParameterException',
      `The serviceAccountRoleArn ${value} is not a valid IAM role ARN.`,
    );
  }
  return value;
}

/**
 * Tags within EKS's documented limits: ≤ 50, keys 1-128 characters, values
 * ≤ 256, no `aws:` keys. `type`: the error type of the calling API (creates
 * answer InvalidParameterException, TagResource BadRequestException).
 */
export function tagsOf(value: unknown, type: ErrorType): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJson(value)) throw new EksError(type, 'tags must be a map of strings.');
  const entries = Object.entries(value);
  if (entries.length > 50) throw new EksError(type, 'A resource can have at most 50 tags.');
  for (const [key, tagValue] of entries) {
    if (typeof tagValue !== 'string')
      throw new EksError(type, `The value of tag "${key}" must be a string.`);
    if (key.length < 1 || key.length > 128)
      throw new EksError(type, `Tag key "${key}" must be 1-128 characters.`);
    if (tagValue.length > 256)
      throw new EksError(type, `The value of tag "${key}" is over 256 characters.`);
    if (key.toLowerCase().startsWith('aws:'))
      throw new EksError(type, `Tag key "${key}" uses the reserved prefix aws:.`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A JSON object (not an array, not null). */
export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field that must be there and not be empty. */
export function requiredString(body: Json, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value === '') {
    throw new EksError('InvalidParameterException', `${key} is required.`);
  }
  return value;
}

/** A string field that may be absent (or null). */
export function optionalString(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new EksError('InvalidParameterException', `${key} must be a string.`);
  return value;
}

/** A boolean field that may be absent (or null). */
export function optionalBoolean(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new EksError('InvalidParameterException', `${key} must be a boolean.`);
  return value;
}

/** A policy field that may be one value or a list of them. */
function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
