import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsStackName } from '../../model/stack-names';
import { Model } from '../../model/model';
import { ChangeRun, expectedInventory, REGION } from './day-two';
import { recordDayTwo } from './day-two-summary';
import { FaultKind, FaultSummary } from './eks-double/faults';
import { LocalAws } from './local-aws';
import { CommandResult, killTree } from './run-command';

/**
 * Day two under faults (issue 16): what a test needs to deploy while EKS
 * throttles, fails or does not see a new role yet, to interrupt a deploy as a
 * person or a lost CI runner does, to read the errors a person reads, and to
 * say per case what was injected and what converged.
 *
 * Deploys are `terraform apply` in the stack's folder (`ChangeRun`'s), started
 * here directly, so that a signal reaches Terraform itself and not a wrapper.
 */

/** A `terraform apply -auto-approve` running in the background, to wait on and interrupt. */
export interface BackgroundApply {
  /** Terraform's own process. */
  readonly pid: number;
  /** Resolves when Terraform has exited, however; never rejects. */
  readonly exited: Promise<InterruptedResult>;
  /** Its output so far, stdout then stderr. */
  output(): string;
  running(): boolean;
  /** Resolves once `ready()` holds (polled); rejects if Terraform ends or `timeoutMs` passes first. */
  waitUntil(
    ready: () => boolean | Promise<boolean>,
    what: string,
    timeoutMs: number,
  ): Promise<void>;
  /** Ctrl-C: SIGINT to Terraform's PID; Terraform stops gracefully. */
  interrupt(): void;
  /**
   * A lost CI runner: SIGKILL to Terraform and every process under it (the
   * provider), each by PID, with no chance to write state or release a lock.
   */
  kill(): void;
}

export interface InterruptedResult extends CommandResult {
  /** The signal that ended Terraform, if one did. */
  readonly signal: NodeJS.Signals | null;
}

/** Starts `terraform apply -auto-approve` in `run`'s stack folder; killed with its tree after `timeoutMs`. */
export function startApply(run: ChangeRun, timeoutMs: number): BackgroundApply {
  const child = spawn('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], {
    cwd: run.stackDir,
    env: run.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('terraform did not start');
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  child.stderr.on('data', (chunk: string) => (stderr += chunk));

  let ended = false;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (!ended) killTree(pid);
  }, timeoutMs);
  const exited = new Promise<InterruptedResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null, failure?: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr: stderr || (failure ?? ''), timedOut });
    };
    child.once('error', (error) => finish(null, null, error.message));
    child.once('close', (code, signal) => finish(code, signal));
  });

  return {
    pid,
    exited,
    output: () => stdout + stderr,
    running: () => !ended,
    async waitUntil(ready, what, waitMs) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        if (await ready()) return;
        if (ended) throw new Error(`terraform ended before ${what}:\n${stdout}${stderr}`);
        if (Date.now() > deadline) {
          throw new Error(`no ${what} within ${waitMs} ms:\n${stdout}${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    interrupt() {
      try {
        if (!ended) process.kill(pid, 'SIGINT');
      } catch (error) {
        // ESRCH: it exited between the check and the signal.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    },
    kill() {
      if (!ended) killTree(pid);
    },
  };
}

/** One error as Terraform prints it: what failed, and the resource it names. */
export interface TerraformError {
  /** The summary line, with AWS's request IDs replaced by `<id>`. */
  readonly message: string;
  /** The resource's address (`aws_eks_addon.agent_example_addon_316F7B5B`), if the error names one. */
  readonly address: string | undefined;
}

/**
 * The errors of a run's output as `readable()` flattens it ("Error: <summary>
 * with <address>, on cdk.tf.json line …"), request IDs masked so that a test
 * can compare messages exactly.
 */
export function terraformErrors(readableOutput: string): TerraformError[] {
  const errors: TerraformError[] = [];
  for (const part of readableOutput.split(/ Error: /).slice(1)) {
    const found = / with ([a-z0-9_]+\.[A-Za-z0-9_-]+), on /.exec(part);
    const summary = found === null ? part : part.slice(0, found.index);
    errors.push({
      message: summary.replace(/RequestID: [^,]*,/g, 'RequestID: <id>,').trim(),
      address: found?.[1],
    });
  }
  return errors;
}

/** The resources the synthesized stack declares, by address (`type.name`), with their arguments. */
export function synthesizedResources(
  run: ChangeRun,
): Map<string, Readonly<Record<string, unknown>>> {
  const json = JSON.parse(readFileSync(join(run.stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource?: Record<string, Record<string, Record<string, unknown>>>;
  };
  const resources = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [type, blocks] of Object.entries(json.resource ?? {})) {
    for (const [name, block] of Object.entries(blocks)) resources.set(`${type}.${name}`, block);
  }
  return resources;
}

/** The address of the one synthesized resource of `type` whose arguments include `has`. */
export function addressOf(
  run: ChangeRun,
  type: string,
  has: Readonly<Record<string, unknown>>,
): string {
  const found = [...synthesizedResources(run)].filter(
    ([address, block]) =>
      address.startsWith(`${type}.`) &&
      Object.entries(has).every(([key, value]) => block[key] === value),
  );
  if (found.length !== 1) {
    throw new Error(`${found.length} ${type} with ${JSON.stringify(has)} in ${run.stackDir}`);
  }
  return found[0][0];
}

/** The resources of a stack's local state that have an instance, by address, with their instance's status. */
export function recordedResources(run: ChangeRun): Map<string, 'recorded' | 'tainted'> {
  const path = join(run.dir, `terraform.${awsStackName(run.current.environment)}.tfstate`);
  const recorded = new Map<string, 'recorded' | 'tainted'>();
  if (!existsSync(path)) return recorded;
  let state: StateFile;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  } catch {
    // Read while Terraform writes it: nothing to say yet.
    return recorded;
  }
  for (const resource of state.resources) {
    const instance = resource.instances[0];
    if (resource.mode !== 'managed' || instance === undefined) continue;
    recorded.set(
      `${resource.type}.${resource.name}`,
      instance.status === 'tainted' ? 'tainted' : 'recorded',
    );
  }
  return recorded;
}

interface StateFile {
  readonly resources: readonly {
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: readonly { readonly status?: string }[];
  }[];
}

/**
 * What IAM and EKS hold beyond, or short of, what `model` names: its roles
 * (but `existingRoles`, there before), its associations (its own and its
 * add-ons') and its add-ons. Empty both ways is "nothing duplicated, nothing
 * missing".
 */
export async function inventoryDifferences(
  aws: LocalAws,
  model: Model,
  existingRoles: readonly string[],
): Promise<{ readonly leftovers: string[]; readonly missing: string[] }> {
  const expected = expectedInventory(model);
  const inventory = await aws.inventory([model.region]);
  const roles = inventory.roles.filter((role) => !existingRoles.includes(role));
  const region = model.region;
  const associations = expected.associations.map((a) => a.replace(`${REGION}/`, `${region}/`));
  const addons = model.clusters
    .flatMap((cluster) => [
      ...(cluster.podIdentityAgent === undefined ? [] : [`${cluster.name}/eks-pod-identity-agent`]),
      ...cluster.addons.map((addon) => `${cluster.name}/${addon.name}`),
    ])
    .sort();
  const held = aws.double
    .addons()
    .filter((addon) => addon.status !== 'DELETING')
    .map((addon) => `${addon.clusterName}/${addon.addonName}`)
    .sort();
  const beyond = (have: readonly string[], want: readonly string[], kind: string) =>
    have.filter((item) => !want.includes(item)).map((item) => `${kind} ${item}`);
  const duplicated = (have: readonly string[], kind: string) =>
    have.filter((item, i) => have.indexOf(item) !== i).map((item) => `${kind} ${item} (twice)`);
  return {
    leftovers: [
      ...beyond(roles, expected.roles, 'role'),
      ...beyond(inventory.associations, associations, 'association'),
      ...duplicated(inventory.associations, 'association'),
      ...beyond(held, addons, 'add-on'),
      ...duplicated(held, 'add-on'),
    ],
    missing: [
      ...beyond(expected.roles, roles, 'role'),
      ...beyond(associations, inventory.associations, 'association'),
      ...beyond(addons, held, 'add-on'),
    ],
  };
}

/**
 * One case's outcome, for the suite's summary: what the double injected,
 * whether the first deploy got through, how long the case took, and what
 * converged afterwards.
 */
export interface FaultCaseRecord {
  readonly name: string;
  /** Faults injected by kind (the double's `faults.summary()`), over the whole case. */
  readonly injected: Readonly<Record<FaultKind, number>>;
  readonly injectedTotal: number;
  /** How the first deploy ended: got through, stopped with an error, or stopped by a signal. */
  readonly firstDeploy: 'succeeded' | 'failed' | 'interrupted';
  /** Wall time of the case, deploys and checks included, in seconds. */
  readonly seconds: number;
  /** What converged, as a reader says it: "second deploy: 1 added; re-plan empty; nothing duplicated". */
  readonly converged: string;
}

/** The faults counted in `now` but not yet in `before` (two summaries of one double, in order). */
export function faultsSince(before: FaultSummary, now: FaultSummary): FaultSummary {
  const byKind = Object.fromEntries(
    Object.entries(now.byKind).map(([kind, n]) => [kind, n - before.byKind[kind as FaultKind]]),
  ) as Record<FaultKind, number>;
  const byOperation: Record<string, Partial<Record<FaultKind, number>>> = {};
  for (const [operation, kinds] of Object.entries(now.byOperation)) {
    for (const [kind, n] of Object.entries(kinds)) {
      const added = (n ?? 0) - (before.byOperation[operation]?.[kind as FaultKind] ?? 0);
      if (added > 0) byOperation[operation] = { ...byOperation[operation], [kind]: added };
    }
  }
  return { total: now.total - before.total, byKind, byOperation };
}

/** `faults: <name>: injected 12 (ThrottlingException 7, ...), first deploy succeeded, 14.2 s; <converged>`. */
export function summaryLine(record: FaultCaseRecord): string {
  const kinds = Object.entries(record.injected)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`);
  const injected =
    record.injectedTotal === 0 ? 'none' : `${record.injectedTotal} (${kinds.join(', ')})`;
  return (
    `faults: ${record.name}: injected ${injected}, first deploy ${record.firstDeploy}, ` +
    `${record.seconds.toFixed(1)} s; ${record.converged}`
  );
}

/** The cases of one test file: each recorded as it ends, all printed at the end. */
export class FaultCaseLog {
  private readonly records: FaultCaseRecord[] = [];

  /**
   * Records a case whose double counted `faults`, and adds it to the suite's
   * day-two figures (day-two-summary.ts). A case is recorded once it has
   * converged: the test asserts that first.
   */
  record(
    outcome: Omit<FaultCaseRecord, 'injected' | 'injectedTotal'>,
    faults: FaultSummary,
  ): FaultCaseRecord {
    const record = { ...outcome, injected: faults.byKind, injectedTotal: faults.total };
    this.records.push(record);
    recordDayTwo({
      kind: 'fault',
      name: record.name,
      injected: Object.fromEntries(Object.entries(faults.byKind).filter(([, n]) => n > 0)),
      survived: true,
      firstTime: record.firstDeploy === 'succeeded',
      leftovers: 0,
    });
    return record;
  }

  all(): readonly FaultCaseRecord[] {
    return [...this.records];
  }

  /** One line per case, and the total injected and survived (in cases that converged). */
  text(): string {
    const total = this.records.reduce((sum, r) => sum + r.injectedTotal, 0);
    return [
      ...this.records.map(summaryLine),
      `faults: ${total} injected and survived in ${this.records.length} cases, each converging`,
    ].join('\n');
  }
}
