import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeAddonCommand,
  DescribePodIdentityAssociationCommand,
  ListAddonsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { App } from 'cdktf';
import { buildApp } from '../../main';
import { Model } from '../../model/model';
import { awsStackName } from '../../model/stack-names';
import { planRole } from '../../policy/role-plan';
import { readConfig } from '../../read/read-config';
import { ApplyOrder } from '../../review/apply-order';
import { readPlan } from '../../review/plan-json';
import { reviewStack, StackReview } from '../../review/workload-changes';
import { JsonMap } from './config-files';
import { CredentialGap, TimelineReport, WatchedServiceAccount } from './eks-double/timeline';
import { LocalAws, managedPolicyDocument, MOTO_ACCOUNT } from './local-aws';
import { parsed, RoleDocuments, roleDocuments } from './permission-probes';
import { CommandResult, runCommand } from './run-command';
import { readable } from './stack-deployment';
import { terraformEnvironment } from './terraform';

/**
 * Day two: a configuration deployed, then changed and deployed again, the way
 * a platform team lives with it. Each change runs against a fresh moto and
 * EKS double (every request through the double, which records each
 * association's and role's changes on a credential timeline), with the real
 * hashicorp/aws provider:
 *
 * 1. the first configuration is synthesized and applied;
 * 2. the timeline starts, watching every service account the second
 *    configuration associates;
 * 3. the second is synthesized into the same folder (the same state), planned
 *    (`terraform show -json` of that plan is kept, for the review's
 *    predictions) and that plan is applied: one apply, as one `cdktf deploy`;
 * 4. the timeline stops: a credential gap is any moment one of those service
 *    accounts, having had working credentials, had none;
 * 5. a second plan must have nothing to do, and IAM and EKS must hold exactly
 *    what the second configuration names, nothing left over.
 *
 * The stacks are applied with `terraform` in the folder cdktf synthesizes
 * them to (what `cdktf deploy` runs after its synth), so that the plan a
 * review reads is the plan applied.
 */

export const REGION = 'us-east-1';
const TIMEOUT_MS = 240_000;

/** One change of configuration. */
export interface ChangeCase {
  /** What changes, as a reader says it: "rename an identity (its role is replaced)". */
  readonly name: string;
  readonly before: JsonMap;
  readonly after: JsonMap;
  /** The existing clusters. @default ['example'] */
  readonly clusters?: readonly string[];
}

/** What a change did. */
export interface ChangeResult {
  readonly name: string;
  readonly firstApply: CommandResult;
  readonly apply: CommandResult;
  /** `terraform plan -detailed-exitcode` after the change: 0 is nothing to do. */
  readonly replanExitCode: number;
  readonly replan: string;
  /** What IAM or EKS holds that the second configuration does not name. */
  readonly leftovers: readonly string[];
  /** What the second configuration names that IAM or EKS does not hold. */
  readonly missing: readonly string[];
  readonly timeline: TimelineReport;
  readonly gaps: readonly CredentialGap[];
  /** `terraform show -json` of the plan applied for the change. */
  readonly plan: unknown;
  /** What `npm run review` says of that plan (with its graph, so it knows the order). */
  readonly review: StackReview;
  /** Each role's policies in IAM that differ from what the configuration gives it. */
  readonly roleMismatches: readonly string[];
  /** The add-ons in EKS that the configuration does not name, or at another version, and those missing. */
  readonly addonMismatches: readonly string[];
  /**
   * The documents of the role each service account of either configuration
   * was associated with before the apply, and is after it, by
   * `cluster/namespace/serviceAccount`.
   */
  readonly roles: ReadonlyMap<
    string,
    { readonly before?: RoleDocuments; readonly after?: RoleDocuments }
  >;
  /** The configurations, read. */
  readonly models: { readonly before: Model; readonly after: Model };
  /** Wall time of the change's apply, in seconds. */
  readonly applySeconds: number;
}

/** The folder a case runs in: its configurations, the synthesized stacks and the state. */
export class ChangeRun {
  readonly outDir: string;
  readonly env: NodeJS.ProcessEnv;
  private model: Model | undefined;

  constructor(
    readonly aws: LocalAws,
    readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.outDir = join(dir, 'cdktf.out');
    this.env = aws.awsEnvironment(terraformEnvironment(dir), REGION, dir);
  }

  /** The AWS stack's folder of the configuration last synthesized. */
  get stackDir(): string {
    return join(this.outDir, 'stacks', awsStackName(this.current.environment));
  }

  get current(): Model {
    if (this.model === undefined) throw new Error('nothing synthesized yet');
    return this.model;
  }

  /** Synthesizes `file` into the folder, as `cdktf synth` does (same app, same JSON). */
  synth(file: JsonMap, label: string): Model {
    writeFileSync(join(this.dir, `${label}.json`), JSON.stringify(file, null, 2));
    const model = readConfig({ source: `${label}.json`, file });
    const app = new App({ outdir: this.outDir });
    buildApp(app, model);
    app.synth();
    this.model = model;
    return model;
  }

  terraform(args: readonly string[]): Promise<CommandResult> {
    return runCommand('terraform', [...args, '-no-color'], {
      cwd: this.stackDir,
      env: this.env,
      timeoutMs: TIMEOUT_MS,
    });
  }

  async init(): Promise<void> {
    const init = await this.terraform(['init', '-input=false']);
    if (init.code !== 0) throw new Error(`terraform init failed: ${readable(init)}`);
  }

  apply(plan?: string): Promise<CommandResult> {
    return this.terraform(
      plan === undefined
        ? ['apply', '-auto-approve', '-input=false']
        : ['apply', '-input=false', plan],
    );
  }

  /** `terraform plan -out`, then `terraform show -json` and `terraform graph -plan` of it. */
  async plan(): Promise<{ readonly file: string; readonly json: unknown; readonly graph: string }> {
    const file = 'day-two.tfplan';
    const plan = await this.terraform(['plan', '-input=false', `-out=${file}`]);
    if (plan.code !== 0) throw new Error(`terraform plan failed: ${readable(plan)}`);
    const show = await this.terraform(['show', '-json', file]);
    if (show.code !== 0) throw new Error(`terraform show failed: ${readable(show)}`);
    const graph = await this.terraform(['graph', `-plan=${file}`]);
    if (graph.code !== 0) throw new Error(`terraform graph failed: ${readable(graph)}`);
    return { file, json: JSON.parse(show.stdout) as unknown, graph: graph.stdout };
  }

  /**
   * The review of a plan, as `npm run review` prints it for this stack, with
   * the document of every AWS-managed policy the plan names read from IAM
   * (moto's copy of AWS's), so that no attachment is compared by ARN only.
   */
  async review(plan: { readonly json: unknown; readonly graph: string }): Promise<StackReview> {
    const arns = [
      ...new Set(JSON.stringify(plan.json).match(/arn:aws:iam::aws:policy\/[\w+=,.@/-]+/g) ?? []),
    ];
    const documents = new Map<string, string>();
    for (const arn of arns) {
      documents.set(arn, JSON.stringify(parsed(await managedPolicyDocument(this.aws.iam, arn))));
    }
    return reviewStack(readPlan(plan.json, awsStackName(this.current.environment)), {
      order: ApplyOrder.fromDot(plan.graph),
      managedPolicies: documents,
    });
  }

  replan(): Promise<CommandResult> {
    return this.terraform(['plan', '-detailed-exitcode', '-input=false']);
  }

  /** The local state file of the AWS stack. */
  state(): { readonly resources: readonly { readonly type: string; readonly name: string }[] } {
    const path = join(this.dir, `terraform.${awsStackName(this.current.environment)}.tfstate`);
    return JSON.parse(readFileSync(path, 'utf8')) as {
      resources: { type: string; name: string }[];
    };
  }
}

/** Every service account a model associates: its own associations and its add-ons'. */
export function serviceAccountsOf(model: Model): WatchedServiceAccount[] {
  const seen = new Map<string, WatchedServiceAccount>();
  for (const identity of model.identities) {
    for (const a of identity.associations) {
      const key = `${a.cluster}/${a.namespace}/${a.serviceAccount}`;
      seen.set(key, {
        cluster: a.cluster,
        namespace: a.namespace,
        serviceAccount: a.serviceAccount,
      });
    }
  }
  return [...seen.values()];
}

/**
 * What IAM and EKS should hold for a model: its named roles, its customer
 * managed policies (a name, or a prefix that Terraform completes) and its
 * associations.
 */
export function expectedInventory(model: Model): {
  roles: string[];
  policies: string[];
  associations: string[];
} {
  const context = { partition: 'aws', region: REGION, accountId: MOTO_ACCOUNT } as const;
  return {
    policies: model.identities
      .flatMap((i) =>
        i.role.kind === 'existing'
          ? []
          : planRole(i, context).customerPolicies.map((p) =>
              i.role.name !== undefined
                ? `${i.role.name}-${p.nameSuffix}`
                : `${i.role.namePrefix ?? ''}${p.nameSuffix}`,
            ),
      )
      .sort(),
    roles: model.identities
      .flatMap((i) =>
        i.role.kind === 'existing' || i.role.name === undefined ? [] : [i.role.name],
      )
      .sort(),
    associations: serviceAccountsOf(model)
      .map((s) => `${REGION}/${s.cluster}/${s.namespace}/${s.serviceAccount}`)
      .sort(),
  };
}

/** Deploys `change.before`, then `change.after`, and reports what happened on the way. */
export async function runChange(
  aws: LocalAws,
  dir: string,
  change: ChangeCase,
): Promise<ChangeResult> {
  await aws.reset();
  await aws.createClusters(REGION, change.clusters ?? ['example'], '1.31');
  const existing = await aws.inventory([REGION]);
  const run = new ChangeRun(aws, dir);

  const before = run.synth(change.before, 'before');
  await run.init();
  const firstApply = await run.apply();
  if (firstApply.code !== 0) {
    throw new Error(`the first configuration did not apply: ${readable(firstApply)}`);
  }

  const after = run.synth(change.after, 'after');
  // Only what is still configured counts for gaps; the rest is watched for the record.
  await aws.double.timeline.start(serviceAccountsOf(after));
  const plan = await run.plan();
  const review = await run.review(plan);
  const accounts = [...serviceAccountsOf(before), ...serviceAccountsOf(after)];
  const rolesBefore = await associatedRoles(aws, accounts);
  const started = performance.now();
  const apply = await run.apply(plan.file);
  const applySeconds = (performance.now() - started) / 1000;
  const timeline = aws.double.timeline.stop();
  const rolesAfter = await associatedRoles(aws, accounts);
  const roles = new Map(
    [...new Set([...rolesBefore.keys(), ...rolesAfter.keys()])].map((key) => [
      key,
      { before: rolesBefore.get(key), after: rolesAfter.get(key) },
    ]),
  );
  const replan = await run.replan();

  const expected = expectedInventory(after);
  const inventory = await aws.inventory([REGION]);
  // Roles named with a prefix are matched by their prefix.
  const prefixes = after.identities.flatMap((i) =>
    i.role.namePrefix === undefined ? [] : [i.role.namePrefix],
  );
  const newRoles = inventory.roles.filter((r) => !existing.roles.includes(r));
  const policies = inventory.localPolicies.filter((p) => !existing.localPolicies.includes(p));
  const leftovers = [
    ...newRoles
      .filter((r) => !expected.roles.includes(r) && !prefixes.some((p) => r.startsWith(p)))
      .map((r) => `role ${r}`),
    ...policies
      .filter((p) => !expected.policies.some((e) => p === e || p.startsWith(`${e}-`)))
      .map((p) => `policy ${p}`),
    ...inventory.associations
      .filter((a) => !expected.associations.includes(a))
      .map((a) => `association ${a}`),
  ];
  const missing = [
    ...expected.roles.filter((r) => !inventory.roles.includes(r)).map((r) => `role ${r}`),
    ...expected.associations
      .filter((a) => !inventory.associations.includes(a))
      .map((a) => `association ${a}`),
  ];
  return {
    name: change.name,
    firstApply,
    apply,
    replanExitCode: replan.code ?? -1,
    replan: readable(replan),
    leftovers,
    missing,
    timeline,
    gaps: timeline.gaps,
    plan: plan.json,
    review,
    roleMismatches: await roleMismatches(aws, after, newRoles),
    roles,
    models: { before, after },
    addonMismatches: addonMismatches(await addonsInEks(aws, after), expectedAddons(after)),
    applySeconds,
  };
}

/** `cluster/namespace/serviceAccount` of a service account. */
export function accountKey(account: WatchedServiceAccount): string {
  return `${account.cluster}/${account.namespace}/${account.serviceAccount}`;
}

/** The documents of the role each service account's association names, as IAM holds them now. */
async function associatedRoles(
  aws: LocalAws,
  accounts: readonly WatchedServiceAccount[],
): Promise<Map<string, RoleDocuments>> {
  const eks = aws.eks(REGION);
  const found = new Map<string, RoleDocuments>();
  for (const account of accounts) {
    const { associations = [] } = await eks
      .send(
        new ListPodIdentityAssociationsCommand({
          clusterName: account.cluster,
          namespace: account.namespace,
          serviceAccount: account.serviceAccount,
        }),
      )
      .catch(() => ({ associations: [] }));
    const [association] = associations;
    if (association?.associationId === undefined) continue;
    const described = await eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: account.cluster,
        associationId: association.associationId,
      }),
    );
    const arn = described.association?.roleArn ?? '';
    const documents = await roleDocuments(aws.iam, arn.slice(arn.lastIndexOf('/') + 1));
    if (documents !== undefined) found.set(accountKey(account), documents);
  }
  return found;
}

/**
 * Each configured role as IAM holds it against what its plan gives it: the
 * managed policies attached (AWS's and the configuration's by ARN, its own
 * customer managed policies by name) and its inline policies' names.
 */
async function roleMismatches(
  aws: LocalAws,
  model: Model,
  roles: readonly string[],
): Promise<string[]> {
  const context = { partition: 'aws', region: REGION, accountId: MOTO_ACCOUNT } as const;
  const found: string[] = [];
  for (const identity of model.identities) {
    if (identity.role.kind === 'existing') continue;
    const { name, namePrefix } = identity.role;
    const roleName =
      name ?? roles.find((r) => namePrefix !== undefined && r.startsWith(namePrefix));
    if (roleName === undefined) {
      found.push(`${identity.name}: no role`);
      continue;
    }
    const plan = planRole(identity, context);
    const policyName = (suffix: string) =>
      name !== undefined ? `${name}-${suffix}` : `${namePrefix ?? ''}${suffix}-`;
    const wanted = [
      ...plan.managedPolicies.map((p) => p.arn),
      ...plan.customerPolicies.map((p) => `customer ${policyName(p.nameSuffix)}`),
      ...plan.inlinePolicies.map((p) => `inline ${p.nameSuffix}`),
    ].sort();
    const attached = await aws.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: roleName }),
    );
    const inline = await aws.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    const customers = plan.customerPolicies.map((p) => policyName(p.nameSuffix));
    const held = [
      ...(attached.AttachedPolicies ?? []).map((p) => {
        const arn = p.PolicyArn ?? '';
        const own = customers.find((c) => (p.PolicyName ?? '').startsWith(c));
        return arn.includes(':aws:policy/') || own === undefined ? arn : `customer ${own}`;
      }),
      ...(inline.PolicyNames ?? []).map((n) => `inline ${n}`),
    ].sort();
    if (JSON.stringify(held) !== JSON.stringify(wanted)) {
      found.push(`${roleName}: holds [${held.join(', ')}], configured [${wanted.join(', ')}]`);
    }
    const { Role } = await aws.iam.send(new GetRoleCommand({ RoleName: roleName }));
    const boundary = Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundary !== identity.role.permissionsBoundary) {
      found.push(
        `${roleName}: boundary ${boundary ?? 'none'}, configured ${identity.role.permissionsBoundary ?? 'none'}`,
      );
    }
  }
  return found;
}

/** `cluster/name version [sa=role ...]` of each add-on EKS has. */
async function addonsInEks(aws: LocalAws, model: Model): Promise<string[]> {
  const eks = aws.eks(REGION);
  const found: string[] = [];
  for (const cluster of model.clusters) {
    const { addons = [] } = await eks.send(new ListAddonsCommand({ clusterName: cluster.name }));
    for (const name of addons) {
      const { addon } = await eks.send(
        new DescribeAddonCommand({ clusterName: cluster.name, addonName: name }),
      );
      found.push(`${cluster.name}/${name} ${addon?.addonVersion ?? '?'}`);
    }
  }
  return found.sort();
}

/** Add-ons found but not expected (`?` matches any version), and expected but not found. */
function addonMismatches(found: readonly string[], expected: readonly string[]): string[] {
  const matches = (f: string, e: string) =>
    f === e || (e.endsWith(' ?') && f.startsWith(e.slice(0, -1)));
  return [
    ...found.filter((f) => !expected.some((e) => matches(f, e))).map((f) => `in EKS: ${f}`),
    ...expected.filter((e) => !found.some((f) => matches(f, e))).map((e) => `not in EKS: ${e}`),
  ];
}

/** The add-ons a model names, as `addonsInEks` lists them (`?`: EKS's default version). */
function expectedAddons(model: Model): string[] {
  return model.clusters
    .flatMap((cluster) => [
      ...(cluster.podIdentityAgent === undefined
        ? []
        : [`${cluster.name}/eks-pod-identity-agent ${cluster.podIdentityAgent.version ?? '?'}`]),
      ...cluster.addons.map((a) => `${cluster.name}/${a.name} ${a.version ?? '?'}`),
    ])
    .sort();
}
