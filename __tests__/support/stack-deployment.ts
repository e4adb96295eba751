import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../read/load-config';
import { awsStackName } from '../../model/stack-names';
import { Model } from '../../model/model';
import { CDKTF, PROJECT_DIR, temporaryDir } from './cdktf-cli';
import { LocalAws } from './local-aws';
import { CommandResult, runCommand } from './run-command';
import {
  MIRROR_VARIABLE,
  SKIP_TERRAFORM_VARIABLE,
  terraformEnvironment,
  terraformSkipped,
} from './terraform';

const RUN_TIMEOUT_MS = 150_000;

/**
 * The AWS stack of one configuration, deployed the way a user does it
 * (`cdktf deploy <stack> --auto-approve` from the project folder, which
 * synthesizes first) into a temporary folder: `--output <tmp>/cdktf.out`,
 * so the stack's local state (`../../../terraform.<stack>.tfstate` from its
 * folder) lands in `<tmp>/`. Nothing is written into the project but the
 * app's own `dist/main.js`, which every synth writes.
 *
 * Two flags a user behind a provider mirror needs too:
 * - `--skip-provider-lock`: otherwise cdktf runs `terraform providers lock`,
 *   which asks registry.terraform.io for checksums and ignores the mirror;
 * - `--ignore-missing-stack-dependencies` on destroy: the workload stacks
 *   depend on the AWS stack, and they are not destroyed here (there is no
 *   hashicorp/kubernetes provider in the mirror and no cluster to reach).
 */
export class StackDeployment {
  readonly dir: string;
  readonly outDir: string;
  readonly config: Model;
  readonly stack: string;
  readonly stackDir: string;
  readonly statePath: string;
  readonly env: NodeJS.ProcessEnv;

  /** `configFile`: a path for `POD_IDENTITY_CONFIG`; undefined for the defaults (the tutorial). */
  constructor(
    readonly label: string,
    readonly configFile: string | undefined,
    aws: LocalAws,
  ) {
    const configEnv = configFile === undefined ? {} : { POD_IDENTITY_CONFIG: configFile };
    this.config = loadConfig(configEnv, PROJECT_DIR);
    this.stack = awsStackName(this.config.environment);
    this.dir = temporaryDir(`deploy-${label.replace(/[^A-Za-z0-9-]+/g, '-')}`);
    this.outDir = join(this.dir, 'cdktf.out');
    this.stackDir = join(this.outDir, 'stacks', this.stack);
    this.statePath = join(this.dir, `terraform.${this.stack}.tfstate`);
    this.env = {
      ...aws.awsEnvironment(terraformEnvironment(this.dir), this.config.region, this.dir),
      ...configEnv,
    };
  }

  /** `cdktf deploy <aws stack> --auto-approve`: synth, init, apply. */
  deploy(): Promise<CommandResult> {
    return this.cdktf(['deploy', this.stack, '--auto-approve', '--skip-provider-lock']);
  }

  /** `cdktf synth` alone, for a test that changes the synthesized JSON before deploying it. */
  synth(): Promise<CommandResult> {
    return this.cdktf(['synth']);
  }

  /** `cdktf deploy` of what is already synthesized in `outDir`. */
  deploySynthesized(): Promise<CommandResult> {
    return this.cdktf([
      'deploy',
      this.stack,
      '--auto-approve',
      '--skip-provider-lock',
      '--skip-synth',
    ]);
  }

  /** `terraform plan -detailed-exitcode` in the stack's folder: exit 0 means no changes. */
  plan(): Promise<CommandResult> {
    return runCommand(
      'terraform',
      ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock-timeout=30s'],
      { cwd: this.stackDir, env: this.env, timeoutMs: RUN_TIMEOUT_MS },
    );
  }

  /**
   * `terraform plan -destroy` in the stack's folder: what a destroy would do,
   * or Terraform's reason not to, in full. (cdktf 0.21 sometimes loses the end
   * of Terraform's output when Terraform fails: its error, after the plan.)
   */
  planDestroy(): Promise<CommandResult> {
    return runCommand(
      'terraform',
      ['plan', '-destroy', '-input=false', '-no-color', '-lock-timeout=30s'],
      { cwd: this.stackDir, env: this.env, timeoutMs: RUN_TIMEOUT_MS },
    );
  }

  /** `cdktf destroy <aws stack> --auto-approve` (it synthesizes again, as for a user). */
  destroy(): Promise<CommandResult> {
    return this.cdktf([
      'destroy',
      this.stack,
      '--auto-approve',
      '--skip-provider-lock',
      '--ignore-missing-stack-dependencies',
    ]);
  }

  /** The local state file the backend wrote. */
  state(): TerraformState {
    return JSON.parse(readFileSync(this.statePath, 'utf8')) as TerraformState;
  }

  /** The synthesized stack's JSON file. */
  get stackFile(): string {
    return join(this.stackDir, 'cdk.tf.json');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private cdktf(args: readonly string[]): Promise<CommandResult> {
    return runCommand(CDKTF, [...args, '--output', this.outDir, '--no-color'], {
      cwd: PROJECT_DIR,
      env: this.env,
      timeoutMs: RUN_TIMEOUT_MS,
    });
  }
}

export interface TerraformState {
  readonly resources: readonly {
    /** `data` for a data source's reading, `managed` for a resource. */
    readonly mode: 'managed' | 'data';
    readonly type: string;
    readonly name: string;
  }[];
  readonly outputs: Readonly<Record<string, { readonly value: unknown }>>;
}

/**
 * Runs `run` for each deployment, each starting once the one before has
 * finished its synth and `terraform init` (or ended): every synth rewrites
 * the project's `dist/main.js` and runs the app, the heaviest part of a
 * deploy on 2 cores. (Concurrent inits would now be safe: the deploys share
 * no plugin cache, see terraformEnvironment.) What follows (plan, apply)
 * runs concurrently. Returns one promise per deployment, in order.
 *
 * There is no deadline: the next one waits for `ready` or for the run to
 * end, and the run is bounded by its own command timeout. (A 60 s deadline
 * used to start the next deploy while the one before was still in synth or
 * init whenever the machine was busy: measured 60.3 s, ready=false.)
 */
export function inTurn(
  deployments: readonly StackDeployment[],
  run: (deployment: StackDeployment) => Promise<CommandResult>,
  ready: (deployment: StackDeployment, startedAt: number) => boolean,
): Promise<CommandResult>[] {
  let gate: Promise<void> = Promise.resolve();
  return deployments.map((deployment) => {
    const started = gate.then(() => ({ startedAt: Date.now(), running: run(deployment) }));
    gate = started.then(({ startedAt, running }) =>
      readyOrEnded(running, () => ready(deployment, startedAt)),
    );
    return started.then(({ running }) => running);
  });
}

/** Ready for the next deploy: its synth is done and `terraform init` wrote the lock file. */
export function initialized(deployment: StackDeployment): boolean {
  return existsSync(join(deployment.stackDir, '.terraform.lock.hcl'));
}

/** Ready for the next destroy: its synth rewrote the manifest. */
export function synthesized(deployment: StackDeployment, startedAt: number): boolean {
  const manifest = join(deployment.outDir, 'manifest.json');
  return existsSync(manifest) && statSync(manifest).mtimeMs >= startedAt - 1_000;
}

/** Resolves once `isReady()` holds or `running` has settled, polling; stops polling then. */
function readyOrEnded(running: Promise<unknown>, isReady: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let ended = false;
    const end = () => {
      ended = true;
      resolve();
    };
    running.then(end, end);
    const poll = () => {
      if (ended) return;
      if (isReady()) resolve();
      // Unreferenced: a poll left over after a failed test must not hold jest open.
      else setTimeout(poll, 200).unref();
    };
    poll();
  });
}

/**
 * What a user reads of a failed run: cdktf's and Terraform's output without
 * box-drawing characters, stack-name prefixes and line wrapping.
 */
export function readable(result: CommandResult): string {
  return `${result.stdout}\n${result.stderr}`
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g'), '')
    .replace(/[│╷╵]/g, ' ')
    .replace(/\s+/g, ' ');
}

/**
 * Fails loudly, before anything starts, when what the suite needs is missing:
 * a skipped check must never pass as a green one.
 */
export async function requireTerraformAndMirror(): Promise<void> {
  const mirror = process.env[MIRROR_VARIABLE];
  const hint =
    `Run it as CI does: ${MIRROR_VARIABLE}=/opt/tf-plugins npm run test:integration ` +
    `(.ci/run finds the mirror itself), or set ${SKIP_TERRAFORM_VARIABLE}=1 to skip the deploy checks.`;
  if (mirror === undefined || mirror === '') {
    throw new Error(
      `${MIRROR_VARIABLE} is not set: the integration suite installs hashicorp/aws from a ` +
        `filesystem mirror, offline. ${hint}`,
    );
  }
  const aws = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(aws)) {
    throw new Error(`${MIRROR_VARIABLE}=${mirror} holds no hashicorp/aws (no ${aws}). ${hint}`);
  }
  const version = await runCommand('terraform', ['version'], {
    cwd: PROJECT_DIR,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    timeoutMs: 30_000,
  });
  if (version.code !== 0) {
    throw new Error(
      `terraform cannot be run (${version.stderr.trim() || `exit ${version.code}`}). ` +
        `Install Terraform >= 1.10. ${hint}`,
    );
  }
}

/**
 * `describe` for tests that run Terraform. With POD_IDENTITY_SKIP_TERRAFORM=1
 * (for machines without Terraform; CI never sets it) they are skipped under a
 * title that says so.
 */
export function describeWithTerraform(title: string, body: () => void): void {
  if (terraformSkipped()) {
    const skipped = `SKIPPED because ${SKIP_TERRAFORM_VARIABLE}=1: ${title}`;
    // Jest prints nothing for a file whose tests are all skipped: say it out loud.
    process.stderr.write(`\n${skipped}\n`);
    describe.skip(skipped, body);
  } else {
    describe(`${title} (${SKIP_TERRAFORM_VARIABLE}=1 skips)`, body);
  }
}
