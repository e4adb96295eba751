import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IamStatement, policyJson } from '../../core/iam';
import { PresetDeviation } from '../../presets/preset';

/**
 * The policies controllers publish, recorded as data at the preset's pinned
 * release (`presets/published/<preset>.json`), and how a preset differs from
 * them: which actions it adds, removes or grants on other resources or
 * conditions, and which AWS-managed policies it attaches or not.
 */

/** An IAM policy as JSON writes it. */
interface PolicyJson {
  readonly Statement: readonly StatementJson[];
}

interface StatementJson {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** What a controller's documentation asks a role to have, for one form of the preset. */
export interface PublishedVariant {
  readonly managedPolicies: readonly string[];
  readonly documents: readonly {
    readonly title: string;
    readonly url: string;
    readonly policy: PolicyJson;
  }[];
}

export interface PublishedPolicies {
  readonly preset: string;
  readonly release: string;
  /** The renderings of the preset the comparison makes, each against its published variant. */
  readonly runs: readonly Run[];
  /** The published forms: `default`, and others for settings that change what is published. */
  readonly variants: Readonly<Record<string, PublishedVariant>>;
}

/** One rendering of a preset, and the published form it is compared with. */
export interface Run {
  /** The preset's parameters. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The published variant for these settings; `default` when left out. */
  readonly variant?: string;
  /** Values of the published documents' placeholders (`${BUCKET}`). */
  readonly placeholders?: Readonly<Record<string, string>>;
}

const PUBLISHED_DIR = join(__dirname, '..', '..', 'presets', 'published');

/** The recorded published policies of `preset`. */
export function publishedPolicies(preset: string): PublishedPolicies {
  return JSON.parse(
    readFileSync(join(PUBLISHED_DIR, `${preset}.json`), 'utf8'),
  ) as PublishedPolicies;
}

/** An AWS-managed policy as IAM publishes it. */
export interface ManagedPolicy {
  /** The ARN's path, `/service-role/` or `/`. */
  readonly arnPath: string;
  readonly version: string;
  readonly updated: string;
  readonly document: PolicyJson;
}

/** The AWS-managed policies presets attach, by name with their path (`service-role/...`). */
export function managedPolicies(): Readonly<Record<string, ManagedPolicy>> {
  const recorded = JSON.parse(
    readFileSync(join(PUBLISHED_DIR, 'managed-policies.json'), 'utf8'),
  ) as { readonly policies: Readonly<Record<string, ManagedPolicy>> };
  return recorded.policies;
}

/** The statements of managed policies, by their names. */
function managedStatements(names: readonly string[]): StatementJson[] {
  const known = managedPolicies();
  return names.flatMap((name) => {
    const policy = known[name];
    if (policy === undefined) throw new Error(`no recorded AWS-managed policy ${name}`);
    return [...policy.document.Statement];
  });
}

/** Per action, in lower case: each resource it is allowed on, with its conditions. */
export type Grants = ReadonlyMap<string, ReadonlySet<string>>;

/** A published variant with its placeholders (`${BUCKET}`) replaced, as grants. */
export function publishedGrants(
  variant: PublishedVariant,
  placeholders: Readonly<Record<string, string>>,
): Grants {
  let text = JSON.stringify(variant.documents.map((document) => document.policy));
  for (const [placeholder, value] of Object.entries(placeholders)) {
    text = text.split(placeholder).join(value);
  }
  const policies = JSON.parse(text) as PolicyJson[];
  return grantsOf([
    ...managedStatements(variant.managedPolicies),
    ...policies.flatMap((policy) => policy.Statement),
  ]);
}

/** A preset's managed policies and statements, as grants. */
export function presetGrants(
  managedPolicyNames: readonly string[],
  statements: readonly IamStatement[],
): Grants {
  return grantsOf([
    ...managedStatements(managedPolicyNames),
    ...(policyJson(statements).Statement as readonly StatementJson[]),
  ]);
}

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/** Each allowed action with the resources and conditions it is allowed on. */
function grantsOf(statements: readonly StatementJson[]): Map<string, Set<string>> {
  const grants = new Map<string, Set<string>>();
  for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
    const conditions = JSON.stringify(
      Object.entries(statement.Condition ?? {})
        .flatMap(([operator, keys]) =>
          Object.entries(keys).map(([key, values]) => [operator, key, [...list(values)].sort()]),
        )
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    for (const action of list(statement.Action)) {
      const key = action.toLowerCase();
      const on = grants.get(key) ?? new Set<string>();
      for (const resource of list(statement.Resource)) on.add(`${resource} ${conditions}`);
      grants.set(key, on);
    }
  }
  return grants;
}

/** How a preset differs from what is published, by action (in lower case). */
export interface Differences {
  /** Actions only the preset allows. */
  readonly adds: readonly string[];
  /** Actions only the published policy allows. */
  readonly removes: readonly string[];
  /** Actions both allow, on other resources or conditions. */
  readonly scopes: readonly string[];
}

export function differences(preset: Grants, published: Grants): Differences {
  const same = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
    a.size === b.size && [...a].every((item) => b.has(item));
  return {
    adds: [...preset.keys()].filter((a) => !published.has(a)).sort(),
    removes: [...published.keys()].filter((a) => !preset.has(a)).sort(),
    scopes: [...preset.keys()]
      .filter((a) => {
        const other = published.get(a);
        return other !== undefined && !same(preset.get(a) ?? new Set(), other);
      })
      .sort(),
  };
}

/** The differences a preset declares, in the same terms. */
export function declared(deviations: readonly PresetDeviation[]): Differences {
  const actions = (change: PresetDeviation['change']) => [
    ...new Set(
      deviations
        .filter((d) => d.change === change)
        .flatMap((d) => d.actions)
        .map((a) => a.toLowerCase()),
    ),
  ];
  return {
    adds: actions('adds').sort(),
    removes: actions('removes').sort(),
    scopes: actions('scopes').sort(),
  };
}

/** The union of several comparisons (the runs of one preset). */
export function union(all: readonly Differences[]): Differences {
  const merge = (key: keyof Differences) => [...new Set(all.flatMap((d) => d[key]))].sort();
  return { adds: merge('adds'), removes: merge('removes'), scopes: merge('scopes') };
}
