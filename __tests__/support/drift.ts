import { join } from 'node:path';
import {
  DescribeAddonCommand,
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { policyJson } from '../../core/iam';
import { Model } from '../../model/model';
import { awsStackName } from '../../model/stack-names';
import { planRole } from '../../policy/role-plan';
import { describeMachine, loadAverage } from '../../scripts/bench/machine';
import { GeneratedSection, writeSection } from '../../scripts/generated-section';
import { CDKTF, PROJECT_DIR } from './cdktf-cli';
import { ChangeRun, REGION } from './day-two';
import { TimelineReport } from './eks-double/timeline';
import {
  canonical,
  LocalAws,
  managedPolicyDocument,
  MOTO_ACCOUNT,
  parsePolicyDocument,
} from './local-aws';
import { CommandResult, runCommand } from './run-command';

/**
 * Drift: a deployed configuration changed by hand in IAM or EKS, then
 * `cdktf diff` and `cdktf deploy` with the real CLI, as a user runs them,
 * from the project folder with `POD_IDENTITY_CONFIG` naming the file a
 * ChangeRun synthesized, and `--output` its folder (so its state). What IAM
 * and EKS hold is read back and compared with what the configuration names,
 * role by role and association by association.
 */

const CLI_TIMEOUT_MS = 150_000;

/** A command and when it ran, on the credential timeline's clock (`performance.now()`, ms). */
export interface TimedRun {
  readonly result: CommandResult;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly seconds: number;
}

/** `cdktf diff` or `cdktf deploy` as a user reads it. */
export interface CliRun extends TimedRun {
  /** The output without colours, spinners and stack prefixes; one trimmed line each, spaces collapsed. */
  readonly lines: readonly string[];
  /** Resources Terraform found changed outside of Terraform: `<type> <construct path>` → `has been deleted`. */
  readonly changedOutside: Readonly<Record<string, string>>;
  /** Resources the plan acts on: `<type> <construct path>` → `will be created`, `will be updated in-place`… */
  readonly planned: Readonly<Record<string, string>>;
}

/** Runs the real cdktf CLI on the AWS stack of `run`, with the configuration file `label`.json. */
async function cdktf(run: ChangeRun, label: string, args: readonly string[]): Promise<CliRun> {
  const stack = awsStackName(run.current.environment);
  const startedAt = performance.now();
  const result = await runCommand(
    CDKTF,
    [...args, stack, '--output', run.outDir, '--no-color', '--skip-provider-lock'],
    {
      cwd: PROJECT_DIR,
      env: { ...run.env, POD_IDENTITY_CONFIG: join(run.dir, `${label}.json`) },
      timeoutMs: CLI_TIMEOUT_MS,
    },
  );
  const endedAt = performance.now();
  const lines = outputLines(result, stack);
  return {
    result,
    startedAt,
    endedAt,
    seconds: (endedAt - startedAt) / 1000,
    lines,
    ...resourceLines(lines),
  };
}

/** `cdktf diff <aws stack>`: synth, init, plan. */
export function cdktfDiff(run: ChangeRun, label: string): Promise<CliRun> {
  return cdktf(run, label, ['diff']);
}

/** `cdktf deploy <aws stack> --auto-approve`: synth, init, plan, apply. */
export function cdktfDeploy(run: ChangeRun, label: string): Promise<CliRun> {
  return cdktf(run, label, ['deploy', '--auto-approve']);
}

/**
 * cdktf's output, line by line, as a user reads it: without colours, the
 * spinner's frames, the `<stack>  ` prefix of each chunk or the alignment
 * under it; spaces inside a line collapsed (Terraform pads `=` into columns).
 */
export function outputLines(result: CommandResult, stack: string): string[] {
  const escape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
  return `${result.stdout}\n${result.stderr}`
    .replace(escape, '')
    .split(/\r?\n/)
    .filter((line) => !/^\s*[\u2800-\u28ff]/.test(line))
    .map((line) =>
      line
        .replace(new RegExp(`^${stack}\\s+`), '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((line) => line !== '');
}

/**
 * The resource headings of Terraform's plan: `# <address> (<construct path>)
 * has been deleted` in "Objects have changed outside of Terraform", and
 * `# <address> (<construct path>) will be updated in-place` in the plan,
 * keyed by resource type and construct path (the address's hash is left out).
 */
function resourceLines(lines: readonly string[]): Pick<CliRun, 'changedOutside' | 'planned'> {
  const changedOutside: Record<string, string> = {};
  const planned: Record<string, string> = {};
  for (const line of lines) {
    const heading =
      /^# (\w+)\.\S+ \((\S+)\) (has been deleted|has changed|will be .+|must be replaced)$/.exec(
        line,
      );
    if (heading === null) continue;
    const [, type, path, verb] = heading;
    const into = verb.startsWith('has ') ? changedOutside : planned;
    into[`${type} ${path}`] = verb;
  }
  return { changedOutside, planned };
}

/** What IAM and EKS hold of a configuration, in a form two states compare in. */
export interface DeployedState {
  /** By role name. */
  readonly roles: Readonly<Record<string, DeployedRole>>;
  /** `cluster namespace/serviceAccount -> role name`, and ` (add-on <name>)` for an add-on's own; sorted. */
  readonly associations: readonly string[];
}

export interface DeployedRole {
  /** The trust policy, lists sorted (`canonical`). */
  readonly trust: unknown;
  /** Attached managed policies' ARNs, sorted. */
  readonly attached: readonly string[];
  /** Documents of the customer managed policies created for it, by ARN. */
  readonly customerPolicies: Readonly<Record<string, unknown>>;
  /** Inline policies by name. */
  readonly inline: Readonly<Record<string, unknown>>;
}

/** The roles a model creates (not those it uses by ARN), with their plans, in moto's account. */
function managedRoles(model: Model) {
  return model.identities.flatMap((identity) => {
    const name = identity.role.name;
    if (identity.role.kind === 'existing' || name === undefined) return [];
    const plan = planRole(identity, { partition: 'aws', region: REGION, accountId: MOTO_ACCOUNT });
    return [{ identity, name, plan }];
  });
}

/** Every association a model names: its identities' own and its add-ons' (`association.addon`). */
function configuredAssociations(model: Model): string[] {
  return model.identities
    .flatMap((identity) =>
      identity.associations.map(
        (a) =>
          `${a.cluster} ${a.namespace}/${a.serviceAccount} -> ${identity.role.name ?? `(${identity.name})`}` +
          (a.addon === undefined ? '' : ` (add-on ${a.addon})`),
      ),
    )
    .sort();
}

/** What IAM and EKS must hold for `model`: each role as `planRole` plans it, each association. */
export function configuredState(model: Model): DeployedState {
  const roles: Record<string, DeployedRole> = {};
  for (const { identity, name, plan } of managedRoles(model)) {
    const path = identity.role.path ?? '/';
    const customer = Object.fromEntries(
      plan.customerPolicies.map((p) => [
        `arn:aws:iam::${MOTO_ACCOUNT}:policy${path}${name}-${p.nameSuffix}`,
        canonical(policyJson(p.statements)),
      ]),
    );
    roles[name] = {
      trust: canonical(policyJson(plan.trust)),
      attached: [...plan.managedPolicies.map((p) => p.arn), ...Object.keys(customer)].sort(),
      customerPolicies: customer,
      inline: Object.fromEntries(
        plan.inlinePolicies.map((p) => [p.nameSuffix, canonical(policyJson(p.statements))]),
      ),
    };
  }
  return { roles, associations: configuredAssociations(model) };
}

/** What IAM and EKS hold now of the roles `model` names and of its clusters' associations. */
export async function deployedState(aws: LocalAws, model: Model): Promise<DeployedState> {
  const roles: Record<string, DeployedRole> = {};
  for (const { name } of managedRoles(model)) {
    const { Role: role } = await aws.iam.send(new GetRoleCommand({ RoleName: name }));
    const { AttachedPolicies = [] } = await aws.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: name }),
    );
    const attached = AttachedPolicies.map((p) => p.PolicyArn ?? '').sort();
    const customerPolicies: Record<string, unknown> = {};
    for (const arn of attached.filter((a) => a.startsWith(`arn:aws:iam::${MOTO_ACCOUNT}:`))) {
      customerPolicies[arn] = canonical(
        parsePolicyDocument(await managedPolicyDocument(aws.iam, arn)),
      );
    }
    const { PolicyNames = [] } = await aws.iam.send(
      new ListRolePoliciesCommand({ RoleName: name }),
    );
    const inline: Record<string, unknown> = {};
    for (const policyName of [...PolicyNames].sort()) {
      const { PolicyDocument } = await aws.iam.send(
        new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }),
      );
      inline[policyName] = canonical(parsePolicyDocument(PolicyDocument));
    }
    roles[name] = {
      trust: canonical(parsePolicyDocument(role?.AssumeRolePolicyDocument)),
      attached,
      customerPolicies,
      inline,
    };
  }
  const associations: string[] = [];
  const eks = aws.eks(REGION);
  for (const cluster of model.clusters) {
    const { associations: listed = [] } = await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: cluster.name }),
    );
    for (const summary of listed) {
      const { association: a } = await eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName: cluster.name,
          associationId: summary.associationId,
        }),
      );
      const owner = a?.ownerArn === undefined ? '' : ` (add-on ${a.ownerArn.split('/')[2]})`;
      const roleName = a?.roleArn?.slice(a.roleArn.lastIndexOf('/') + 1);
      associations.push(
        `${a?.clusterName} ${a?.namespace}/${a?.serviceAccount} -> ${roleName}${owner}`,
      );
    }
  }
  return { roles, associations: associations.sort() };
}

/** Waits until EKS says the add-on is ACTIVE (an update by hand leaves it UPDATING a moment). */
export async function addonActive(
  aws: LocalAws,
  clusterName: string,
  addonName: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { addon } = await aws
      .eks(REGION)
      .send(new DescribeAddonCommand({ clusterName, addonName }));
    if (addon?.status === 'ACTIVE') return;
    if (performance.now() > deadline) {
      throw new Error(`add-on ${addonName} still ${addon?.status} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A credential gap as a reader of the drift tests wants it: why, how long, and what the deploy did. */
export interface GapSummary {
  readonly serviceAccount: string;
  readonly openedBy: readonly string[];
  readonly closedBy: readonly string[];
  readonly open: boolean;
  /** From the change by hand to the credentials' return. */
  readonly seconds: number;
  /** From the start of the deploy to the credentials' return: how long the restore took to close it. */
  readonly closedAfterDeployStartSeconds: number;
}

/** The gaps of a recording, measured against the deploy that restored the configuration. */
export function gapSummaries(report: TimelineReport, deploy: TimedRun): GapSummary[] {
  return report.gaps.map((gap) => ({
    serviceAccount: `${gap.serviceAccount.cluster} ${gap.serviceAccount.namespace}/${gap.serviceAccount.serviceAccount}`,
    openedBy: gap.openedBy.map((e) => e.description),
    closedBy: gap.closedBy.map((e) => e.description),
    open: gap.open,
    seconds: gap.lengthMs / 1000,
    closedAfterDeployStartSeconds: (gap.end - deploy.startedAt) / 1000,
  }));
}

/** One case's figures, for the table in docs/testing.md. */
export interface DriftFigures {
  readonly drift: string;
  /** `cdktf diff`'s wall time. */
  readonly diffSeconds: number;
  /** The restoring `cdktf deploy`'s wall time, or undefined when nothing was deployed. */
  readonly deploySeconds: number | undefined;
  /** The credential gap the change by hand opened, or undefined for none. */
  readonly gap: GapSummary | undefined;
}

const FIGURES_SECTION: GeneratedSection = {
  document: 'docs/testing.md',
  start: '<!-- drift: written by day-two-drift.test.ts -->',
  end: '<!-- drift: end -->',
};

/** The figures as a Markdown table, with the machine and the date. */
export function figuresTable(figures: readonly DriftFigures[], date = new Date()): string {
  const s = (seconds: number) => `${seconds.toFixed(1)} s`;
  const rows = figures.map((f) => {
    const gap =
      f.gap === undefined
        ? 'none'
        : `${s(f.gap.seconds)} in all; closed ${s(f.gap.closedAfterDeployStartSeconds)} into the deploy`;
    return `| ${f.drift} | ${s(f.diffSeconds)} | ${f.deploySeconds === undefined ? '—' : s(f.deploySeconds)} | ${gap} |`;
  });
  return [
    `Measured on ${date.toISOString().slice(0, 10)}; ${describeMachine()}; load average at the end ${loadAverage()}.`,
    '',
    '| Drift | `cdktf diff` | `cdktf deploy` | Credential gap |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Writes `table` between the drift markers of docs/testing.md; returns the path. */
export function writeFigures(table: string): string {
  return writeSection(FIGURES_SECTION, table);
}
