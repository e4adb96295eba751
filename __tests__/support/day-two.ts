import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { buildApp } from '../../main';
import { Model } from '../../model/model';
import { awsStackName } from '../../model/stack-names';
import { readConfig } from '../../read/read-config';
import { JsonMap } from './config-files';
import { CredentialGap, TimelineReport, WatchedServiceAccount } from './eks-double/timeline';
import { LocalAws } from './local-aws';
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

  /** `terraform plan -out` then `terraform show -json` of it. */
  async plan(): Promise<{ readonly file: string; readonly json: unknown }> {
    const file = 'day-two.tfplan';
    const plan = await this.terraform(['plan', '-input=false', `-out=${file}`]);
    if (plan.code !== 0) throw new Error(`terraform plan failed: ${readable(plan)}`);
    const show = await this.terraform(['show', '-json', file]);
    if (show.code !== 0) throw new Error(`terraform show failed: ${readable(show)}`);
    return { file, json: JSON.parse(show.stdout) as unknown };
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

/** What IAM and EKS should hold for a model: its named roles and its associations. */
export function expectedInventory(model: Model): { roles: string[]; associations: string[] } {
  return {
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

  run.synth(change.before, 'before');
  await run.init();
  const firstApply = await run.apply();
  if (firstApply.code !== 0) {
    throw new Error(`the first configuration did not apply: ${readable(firstApply)}`);
  }

  const after = run.synth(change.after, 'after');
  await aws.double.timeline.start(serviceAccountsOf(after));
  const plan = await run.plan();
  const started = performance.now();
  const apply = await run.apply(plan.file);
  const applySeconds = (performance.now() - started) / 1000;
  const timeline = aws.double.timeline.stop();
  const replan = await run.replan();

  const expected = expectedInventory(after);
  const inventory = await aws.inventory([REGION]);
  // Roles named with a prefix are matched by their prefix.
  const prefixes = after.identities.flatMap((i) =>
    i.role.namePrefix === undefined ? [] : [i.role.namePrefix],
  );
  const roles = inventory.roles.filter((r) => !existing.roles.includes(r));
  const leftovers = [
    ...roles
      .filter((r) => !expected.roles.includes(r) && !prefixes.some((p) => r.startsWith(p)))
      .map((r) => `role ${r}`),
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
    applySeconds,
  };
}
