import { ConfigFileInput } from '../model/config-file';
import { inspectConfig } from '../read/read-config';
import { ClusterFacts, IrsaAccount, RoleFacts } from './account';
import { compareStrings, identityNames } from './identity-names';
import { namesProvider, readIrsaTrust, ServiceAccount, TrustReading } from './irsa-trust';

/**
 * From an account's IRSA roles to a configuration that adopts them: each role
 * whose trust is understood becomes an identity with `role.adopt` and
 * `migrateFromIrsa`, its trusted service accounts associations that create
 * nothing in the cluster (they exist already). Everything else is reported
 * with its reason and left out. The result is read by the project's own
 * reader before it is offered for writing.
 */

/** What the translation gives: the file (unless it must not be written) and the report. */
export interface Migration {
  /** The configuration, as written; undefined when `problems` says why not. */
  readonly config: ConfigFileInput | undefined;
  /** `config` as the file's text: sorted, two-space JSON, a final newline. */
  readonly text: string | undefined;
  readonly report: MigrationReport;
  /** Why nothing may be written: nothing translated, or what the reader refuses beyond one role. */
  readonly problems: readonly string[];
}

export interface MigrationReport {
  readonly translated: readonly TranslatedRole[];
  readonly refused: readonly RefusedRole[];
  readonly clustersLeftOut: readonly LeftOutCluster[];
  /** Facts worth a reviewer's attention that change nothing (clusters sharing a provider). */
  readonly notes: readonly string[];
}

export interface TranslatedRole {
  readonly role: string;
  readonly identity: string;
  /** `cluster/namespace/serviceAccount`, sorted. */
  readonly associations: readonly string[];
  /** It trusts pods.eks.amazonaws.com already. */
  readonly podIdentity: boolean;
}

export interface RefusedRole {
  readonly role: string;
  readonly reasons: readonly string[];
}

export interface LeftOutCluster {
  readonly cluster: string;
  readonly reason: string;
}

type Identity = NonNullable<ConfigFileInput['identities']>[number];
type Association = NonNullable<Identity['associations']>[number];

/** A role whose trust is understood, on its way into the configuration. */
interface Candidate {
  readonly facts: RoleFacts;
  readonly identity: string;
  readonly reading: TrustReading;
  readonly associations: readonly Association[];
}

export function migrateFromIrsa(account: IrsaAccount): Migration {
  const clusters = [...account.clusters].sort((a, b) => compareStrings(a.name, b.name));
  const withProvider = clusters.filter(
    (c): c is ClusterFacts & { oidcProviderArn: string } => c.oidcProviderArn !== undefined,
  );
  const clustersLeftOut = clusters
    .filter((c) => c.oidcProviderArn === undefined)
    .map((c) => ({
      cluster: c.name,
      reason:
        c.issuer === undefined
          ? 'it has no OIDC issuer'
          : `no IAM OIDC provider has its issuer ${c.issuer}: no role trusts it through IRSA`,
    }));
  /** Provider ARN → its issuer as condition keys write it (no https://). */
  const providers = new Map(
    withProvider.map((c) => [c.oidcProviderArn, issuerOf(c.oidcProviderArn)]),
  );
  const clustersOf = (provider: string) =>
    withProvider.filter((c) => c.oidcProviderArn === provider).map((c) => c.name);
  const notes = [...providers.keys()]
    .filter((provider) => clustersOf(provider).length > 1)
    .map(
      (provider) =>
        `clusters ${clustersOf(provider).join(', ')} share the OIDC provider ${provider}: a role it trusts is associated on each`,
    );

  const roles = account.roles
    .filter((role) => namesProvider(role.trustPolicy, [...providers.keys()]))
    .sort((a, b) => compareStrings(a.name, b.name));
  const names = identityNames(roles.map((role) => role.name));
  const refused = new Map<string, string[]>();
  const refuse = (role: string, reasons: readonly string[]) =>
    refused.set(role, [...(refused.get(role) ?? []), ...reasons]);

  const readings = roles.map((facts) => ({
    facts,
    reading: readIrsaTrust(facts.trustPolicy, providers),
  }));
  const understood: Candidate[] = [];
  for (const { facts, reading } of readings) {
    if (reading.refusals.length > 0) {
      refuse(facts.name, reading.refusals);
      continue;
    }
    const associations = [...reading.subjects].flatMap(([provider, accounts]) =>
      clustersOf(provider).flatMap((cluster) => accounts.map((sa) => associationOf(cluster, sa))),
    );
    understood.push({
      facts,
      identity: names.get(facts.name) ?? facts.name,
      reading,
      associations: associations.sort(compareAssociations),
    });
  }

  const unshared = understood.filter(({ facts, associations }) => {
    const shared = sharedWith(facts.name, associations, readings, clustersOf);
    if (shared.length > 0) refuse(facts.name, shared);
    return shared.length === 0;
  });

  const { config, problems, candidates } = readerAccepted(
    unshared,
    (kept) => configOf(account, withProvider, kept),
    refuse,
  );

  return {
    config,
    text: config === undefined ? undefined : `${JSON.stringify(config, null, 2)}\n`,
    problems,
    report: {
      translated: candidates.map((c) => ({
        role: c.facts.name,
        identity: c.identity,
        associations: c.associations.map(keyOf),
        podIdentity: c.reading.podIdentity,
      })),
      refused: [...refused]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([role, reasons]) => ({ role, reasons })),
      clustersLeftOut,
      notes,
    },
  };
}

/**
 * Pod Identity maps a service account to one role: one that another role
 * trusts too (translated or not) cannot be translated, since which role its
 * annotation names is not known here.
 */
function sharedWith(
  role: string,
  associations: readonly Association[],
  readings: readonly { facts: RoleFacts; reading: TrustReading }[],
  clustersOf: (provider: string) => string[],
): string[] {
  const mine = new Set(associations.map(keyOf));
  return readings.flatMap(({ facts, reading }) => {
    if (facts.name === role) return [];
    const theirs = [...reading.subjects].flatMap(([provider, accounts]) =>
      clustersOf(provider).flatMap((cluster) =>
        accounts.map((sa) => keyOf(associationOf(cluster, sa))),
      ),
    );
    return [...new Set(theirs)]
      .sort(compareStrings)
      .filter((key) => mine.has(key))
      .map(
        (key) =>
          `service account ${key} is trusted by role ${facts.name} too: Pod Identity maps a service account to one role, and which one its eks.amazonaws.com/role-arn annotation names is not known here`,
      );
  });
}

/**
 * The reader has the last word: the configuration of `candidates` is read
 * as `npx cdktf synth` would read it, and a role it refuses is left out with
 * the reader's reasons, until it accepts the rest. A problem of the file as a
 * whole (the region, the environment) refuses the file.
 */
function readerAccepted(
  candidates: readonly Candidate[],
  build: (candidates: readonly Candidate[]) => ConfigFileInput,
  refuse: (role: string, reasons: readonly string[]) => void,
): { config?: ConfigFileInput; problems: readonly string[]; candidates: readonly Candidate[] } {
  let kept = candidates;
  while (kept.length > 0) {
    const config = build(kept);
    const problems = inspectConfig({ source: 'import-irsa', file: config }).problems;
    if (problems.length === 0) return { config, problems, candidates: kept };
    const byIdentity = attribute(problems, kept);
    if (byIdentity.size === 0) return { problems, candidates: kept };
    for (const [index, reasons] of byIdentity) refuse(kept[index].facts.name, reasons);
    kept = kept.filter((_, index) => !byIdentity.has(index));
  }
  return { problems: ['no role could be translated: there is nothing to write'], candidates: kept };
}

/** The report as lines, for stderr: the translated roles, the refused ones, the clusters left out. */
export function reportLines(report: MigrationReport): string[] {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [
    ...report.translated.map(
      (t) =>
        `translated role ${t.role} as identity ${t.identity}: ${t.associations.join(', ')}${t.podIdentity ? ' (it trusts pods.eks.amazonaws.com already)' : ''}`,
    ),
    ...report.refused.flatMap((r) =>
      r.reasons.map((reason) => `refused role ${r.role}: ${reason}`),
    ),
    ...report.clustersLeftOut.map((c) => `left out cluster ${c.cluster}: ${c.reason}`),
    ...report.notes.map((note) => `note: ${note}`),
    `${plural(report.translated.length, 'role')} translated, ${report.refused.length} refused, ${plural(report.clustersLeftOut.length, 'cluster')} left out`,
  ];
}

/**
 * The file: the clusters with their OIDC provider, and per role an identity
 * that adopts it as IAM has it (path, description, session length, boundary
 * and tags repeated, so the first plan is an import and in-place updates,
 * never a replacement) and keeps IRSA's trust while workloads move. No S3
 * access: the identity grants nothing the role did not have.
 */
function configOf(
  account: IrsaAccount,
  clusters: readonly (ClusterFacts & { oidcProviderArn: string })[],
  candidates: readonly Candidate[],
): ConfigFileInput {
  const identities = [...candidates]
    .sort((a, b) => compareStrings(a.identity, b.identity))
    .map(({ facts, identity, associations }): Identity => {
      const tags = Object.keys(facts.tags).sort(compareStrings);
      return {
        name: identity,
        role: {
          name: facts.name,
          adopt: true,
          path: facts.path,
          ...(facts.description !== undefined && { description: facts.description }),
          maxSessionDuration: facts.maxSessionDuration,
          ...(facts.permissionsBoundary !== undefined && {
            permissionsBoundary: facts.permissionsBoundary,
          }),
          ...(tags.length > 0 && {
            tags: Object.fromEntries(tags.map((key) => [key, facts.tags[key]])),
          }),
        },
        migrateFromIrsa: true,
        s3: { access: 'none' },
        associations: [...associations],
      };
    });
  return {
    $schema: account.schema,
    ...(account.environment !== undefined && { environment: account.environment }),
    region: account.region,
    clusters: clusters.map((c) => ({ name: c.name, oidcProviderArn: c.oidcProviderArn })),
    identities,
  };
}

/** The reader's problems of one identity, by its index; the others concern the whole file. */
function attribute(
  problems: readonly string[],
  candidates: readonly Candidate[],
): Map<number, string[]> {
  const byIdentity = new Map<number, string[]>();
  const order = [...candidates.keys()].sort((a, b) =>
    compareStrings(candidates[a].identity, candidates[b].identity),
  );
  for (const problem of problems) {
    const match = /^identities\[(\d+)\][.:]\s*(.*)$/s.exec(problem);
    if (match === null) continue;
    const index = order[Number(match[1])];
    if (index === undefined) continue;
    byIdentity.set(index, [
      ...(byIdentity.get(index) ?? []),
      `the project's reader refuses it: ${match[2]}`,
    ]);
  }
  // A problem about the file as a whole leaves nothing to attribute: all or none.
  return problems.every((p) => /^identities\[\d+\]/.test(p)) ? byIdentity : new Map();
}

function associationOf(cluster: string, sa: ServiceAccount): Association {
  return { cluster, namespace: sa.namespace, serviceAccount: sa.serviceAccount, kubernetes: false };
}

function keyOf(association: Association): string {
  return `${association.cluster}/${association.namespace}/${association.serviceAccount}`;
}

function compareAssociations(a: Association, b: Association): number {
  return compareStrings(keyOf(a), keyOf(b));
}

/** The issuer of a provider ARN, as IRSA's condition keys write it: `oidc.eks.<region>.amazonaws.com/id/<ID>`. */
function issuerOf(providerArn: string): string {
  return providerArn.slice(providerArn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
}
