import { IamCondition } from '../core/iam';
import { compareText, isObject } from './json';

/**
 * IAM policy documents as grants: one per action and resource (or, in a
 * trust policy, per action and principal), with the statement's effect and
 * conditions. Two documents are compared grant by grant, so a statement
 * split, merged or reordered is no change. An Allow is no change either when
 * the other side has one that covers it: an action and resource pattern that
 * match everything its own match (`s3:Get*` on `*` covers `s3:GetObject` on
 * `arn:aws:s3:::b/*`), with no condition it lacks. So S3 narrowed from every
 * bucket to one loses `s3:Get*` on `*` and gains nothing. Where a side has a
 * Deny, grants are compared as written: what a Deny takes away is not
 * worked out here.
 */
export interface Grant {
  readonly effect: 'Allow' | 'Deny';
  /** As written, `s3:GetObject`; with `notAction`, the action the statement excludes. */
  readonly action: string;
  readonly notAction: boolean;
  /** A resource ARN (or `*`), or for a trust policy a principal: `Service pods.eks.amazonaws.com`. */
  readonly target: string;
  readonly targetKind: 'resource' | 'not-resource' | 'principal' | 'not-principal';
  readonly conditions: readonly IamCondition[];
}

/** A grant and the policy it comes from: `trust policy`, `policy eks-pod-identity-x-s3-read`. */
export interface SourcedGrant {
  readonly grant: Grant;
  readonly source: string;
}

/** A document that is not an IAM policy: the review says so and compares nothing of it. */
export class PolicyDocumentError extends Error {}

/** The grants of a policy document's JSON text, as IAM or Terraform writes it. */
export function documentGrants(json: string): Grant[] {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new PolicyDocumentError(`not JSON (${(error as Error).message})`);
  }
  if (!isObject(document)) throw new PolicyDocumentError('not a JSON object');
  const statements = list(document.Statement);
  return statements.flatMap((statement, index) => statementGrants(statement, index));
}

function statementGrants(statement: unknown, index: number): Grant[] {
  if (!isObject(statement)) throw new PolicyDocumentError(`Statement[${index}] is not an object`);
  const effect = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    throw new PolicyDocumentError(`Statement[${index}] has no Effect Allow or Deny`);
  }
  const notAction = statement.Action === undefined && statement.NotAction !== undefined;
  const actions = strings(notAction ? statement.NotAction : statement.Action);
  const targets = statementTargets(statement);
  const conditions = statementConditions(statement.Condition);
  return actions.flatMap((action) =>
    targets.map(([targetKind, target]) => ({
      effect,
      action,
      notAction,
      target,
      targetKind,
      conditions,
    })),
  );
}

function statementTargets(statement: Record<string, unknown>): [Grant['targetKind'], string][] {
  if (statement.Principal !== undefined) {
    return principals(statement.Principal).map((p) => ['principal', p]);
  }
  if (statement.NotPrincipal !== undefined) {
    return principals(statement.NotPrincipal).map((p) => ['not-principal', p]);
  }
  if (statement.Resource !== undefined) {
    return strings(statement.Resource).map((r) => ['resource', r]);
  }
  if (statement.NotResource !== undefined) {
    return strings(statement.NotResource).map((r) => ['not-resource', r]);
  }
  return [['resource', '(no resource)']];
}

/** `"*"`, or `{ "Service": "pods.eks.amazonaws.com" }` -> `Service pods.eks.amazonaws.com`. */
function principals(principal: unknown): string[] {
  if (principal === '*') return ['anyone (*)'];
  if (!isObject(principal)) return [String(principal)];
  return Object.entries(principal).flatMap(([type, ids]) =>
    strings(ids).map((id) => `${type} ${id}`),
  );
}

function statementConditions(condition: unknown): IamCondition[] {
  if (!isObject(condition)) return [];
  const found: IamCondition[] = [];
  for (const [test, keys] of Object.entries(condition)) {
    if (!isObject(keys)) continue;
    for (const [variable, values] of Object.entries(keys)) {
      found.push({ test, variable, values: [...strings(values)].sort() });
    }
  }
  return found.sort((a, b) => compareText(conditionText(a), conditionText(b)));
}

/** Equal for the same grant however it was written (IAM compares action names regardless of case). */
export function grantKey(grant: Grant): string {
  return JSON.stringify([
    grant.effect,
    grant.notAction,
    grant.action.toLowerCase(),
    grant.targetKind,
    grant.target,
    grant.conditions.map(conditionText),
  ]);
}

/** `StringLike s3:prefix = reports/*`, several values joined by `or`. */
export function conditionText(condition: IamCondition): string {
  return `${condition.test} ${condition.variable} = ${condition.values.join(' or ')}`;
}

/** Grants of `from` that `other` neither has nor covers, each with its sources in `from`. */
export function grantsMissingFrom(
  from: readonly SourcedGrant[],
  other: readonly SourcedGrant[],
): SourcedGrant[] {
  const present = new Set(other.map((g) => grantKey(g.grant)));
  const denies = [...from, ...other].some((g) => g.grant.effect === 'Deny');
  return from.filter(
    (g) =>
      !present.has(grantKey(g.grant)) &&
      (denies || !other.some((o) => grantCovers(o.grant, g.grant))),
  );
}

/**
 * Whether Allow `wider` allows everything Allow `narrower` does: its action
 * and resource patterns match every action and resource the other's match
 * (IAM's `*` and `?`; actions regardless of case), and it has no condition
 * the other lacks. Only resource grants: trust policies compare as written.
 */
export function grantCovers(wider: Grant, narrower: Grant): boolean {
  if (wider.effect !== 'Allow' || narrower.effect !== 'Allow') return false;
  if (wider.notAction || narrower.notAction) return false;
  if (wider.targetKind !== 'resource' || narrower.targetKind !== 'resource') return false;
  const conditions = new Set(narrower.conditions.map(conditionText));
  return (
    patternCovers(wider.action.toLowerCase(), narrower.action.toLowerCase()) &&
    patternCovers(wider.target, narrower.target) &&
    wider.conditions.every((c) => conditions.has(conditionText(c)))
  );
}

/** Whether IAM action pattern `pattern` (`*` and `?`, any case) matches `action`. */
export function actionCovers(pattern: string, action: string): boolean {
  return patternCovers(pattern.toLowerCase(), action.toLowerCase());
}

/**
 * Whether IAM pattern `wider` matches every string pattern `narrower`
 * matches: `narrower` is read as text in which its own `*` can be matched
 * only by a `*` of `wider` (which matches any run), and its `?` by a `?` or
 * a `*`.
 */
function patternCovers(wider: string, narrower: string): boolean {
  const source = [...wider]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '[^*]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(narrower);
}

/**
 * Grants as lines to read: the actions on one target with the same effect,
 * conditions and sources together, then the targets with the same actions.
 * `s3:GetObject on arn:aws:s3:::b/* (policy x)`;
 * `sts:AssumeRole, sts:TagSession by Service pods.eks.amazonaws.com (trust policy)`.
 */
export function grantLines(grants: readonly SourcedGrant[]): string[] {
  const sources = new Map<string, { grant: Grant; sources: Set<string> }>();
  for (const { grant, source } of grants) {
    const key = grantKey(grant);
    const entry = sources.get(key) ?? { grant, sources: new Set<string>() };
    entry.sources.add(source);
    sources.set(key, entry);
  }
  const byTarget = groupBy([...sources.values()], ({ grant, sources: from }) =>
    JSON.stringify([
      grant.effect,
      grant.notAction,
      grant.targetKind,
      grant.target,
      grant.conditions.map(conditionText),
      [...from].sort(),
    ]),
  ).map((entries) => ({
    ...entries[0],
    actions: unique(entries.map((e) => e.grant.action)),
  }));
  const byActions = groupBy(byTarget, (entry) =>
    JSON.stringify([
      entry.grant.effect,
      entry.grant.notAction,
      entry.grant.targetKind === 'principal' || entry.grant.targetKind === 'not-principal',
      entry.actions,
      entry.grant.conditions.map(conditionText),
      [...entry.sources].sort(),
    ]),
  );
  return byActions
    .map((entries) => {
      const { grant, actions, sources: from } = entries[0];
      const targets = entries.map((e) => targetText(e.grant));
      const effect = grant.effect === 'Deny' ? 'Deny ' : '';
      const what = grant.notAction ? `every action but ${actions.join(', ')}` : actions.join(', ');
      const trust = grant.targetKind === 'principal' || grant.targetKind === 'not-principal';
      const when =
        grant.conditions.length > 0
          ? ` when ${grant.conditions.map(conditionText).join(' and ')}`
          : '';
      return `${effect}${what} ${trust ? 'by' : 'on'} ${unique(targets).join(', ')}${when} (${[...from].sort().join(', ')})`;
    })
    .sort(compareText);
}

function targetText(grant: Grant): string {
  switch (grant.targetKind) {
    case 'not-resource':
      return `every resource but ${grant.target}`;
    case 'not-principal':
      return `anyone but ${grant.target}`;
    default:
      return grant.target;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function strings(value: unknown): string[] {
  return list(value).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}
