import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ApplyOrder } from './apply-order';
import { isObject } from './json';
import { PlanReadError, readPlanJson, StackPlan } from './plan-json';
import { REVIEWED_TYPES } from './workload-changes';

/**
 * Where the plans come from: each synthesized stack folder planned with
 * Terraform (`terraform plan -out`, then `terraform show -json` and
 * `terraform graph -plan` of that plan file), or plan JSON files written
 * earlier.
 */

/** A stack's plan and, when Terraform's graph of it was read, its apply order. */
export interface PlannedStack {
  readonly plan: StackPlan;
  readonly order?: ApplyOrder;
}

export interface PlanOptions {
  /** Environment of the Terraform commands. */
  readonly env: NodeJS.ProcessEnv;
  /** Progress, one line at a time (Terraform's own output goes to stderr). */
  readonly log: (line: string) => void;
  /**
   * @default 'terraform'
   */
  readonly terraform?: string;
}

/** The stack folders cdktf wrote under `outDir` (`cdktf.out/stacks/*`), sorted. */
export function stackFolders(outDir: string): string[] {
  const stacks = join(outDir, 'stacks');
  if (!existsSync(stacks)) {
    throw new PlanReadError(`${stacks}: no such folder (run cdktf synth first)`);
  }
  return readdirSync(stacks)
    .map((name) => join(stacks, name))
    .filter((dir) => statSync(dir).isDirectory())
    .sort();
}

/**
 * Whether a synthesized stack declares any resource the review reads; a
 * workload stack (Kubernetes objects only) has nothing to review, and
 * planning it would need the cluster. Without `cdk.tf.json` (HCL), yes.
 */
export function declaresReviewedResources(stackDir: string): boolean {
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) return true;
  const synthesized: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const resources = isObject(synthesized) ? synthesized.resource : undefined;
  if (!isObject(resources)) return false;
  return REVIEWED_TYPES.some((type) => type in resources);
}

/**
 * Plans a stack folder as `cdktf diff` would, without touching its state:
 * `terraform init` when `.terraform` is missing, `terraform plan -out=<tmp>
 * -input=false -lock=false`, `terraform show -json <tmp>`, and
 * `terraform graph -plan=<tmp>` for the apply order (a graph Terraform cannot
 * make, as for a saved cloud plan, leaves the order unknown; the review says
 * where that matters).
 */
export function planStackFolder(stackDir: string, options: PlanOptions): PlannedStack {
  const stack = basename(stackDir);
  const scratch = mkdtempSync(join(tmpdir(), 'pod-identity-review-'));
  const planFile = join(scratch, 'plan');
  try {
    if (!existsSync(join(stackDir, '.terraform'))) {
      options.log(`${stack}: terraform init`);
      terraform(stackDir, ['init', '-input=false', '-no-color'], options, 'stderr');
    }
    options.log(`${stack}: terraform plan`);
    terraform(
      stackDir,
      ['plan', `-out=${planFile}`, '-input=false', '-lock=false', '-no-color'],
      options,
      'stderr',
    );
    const json = terraform(stackDir, ['show', '-json', planFile], options, 'capture');
    const plan = readPlanJson(json, stack);
    const graph = run(stackDir, ['graph', `-plan=${planFile}`], options, 'capture');
    if (graph.status !== 0) {
      options.log(`${stack}: terraform graph could not read the plan; the apply order is unknown`);
      return { plan };
    }
    return { plan, order: ApplyOrder.fromDot(graph.stdout) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Reads a plan's JSON file (`terraform show -json <plan file> > file`), and
 * its graph (`terraform graph -plan=<plan file> > file`) when given. The stack
 * is named after the file, without `.json` and `.plan`.
 */
export function readPlanFile(file: string, graphFile?: string): PlannedStack {
  const stack = basename(file)
    .replace(/\.json$/, '')
    .replace(/\.plan$/, '');
  const plan = readPlanJson(readText(file), stack);
  if (graphFile === undefined) return { plan };
  return { plan, order: ApplyOrder.fromDot(readText(graphFile)) };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PlanReadError(`${file}: ${(error as Error).message}`);
  }
}

function terraform(
  dir: string,
  args: readonly string[],
  options: PlanOptions,
  output: 'stderr' | 'capture',
): string {
  const result = run(dir, args, options, output);
  if (result.status !== 0) {
    throw new PlanReadError(
      `${basename(dir)}: terraform ${args[0]} failed (exit ${result.status ?? 'signal'})` +
        (result.stderr.trim() === '' ? '' : `:\n${result.stderr.trim()}`),
    );
  }
  return result.stdout;
}

function run(
  dir: string,
  args: readonly string[],
  options: PlanOptions,
  output: 'stderr' | 'capture',
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(options.terraform ?? 'terraform', [...args], {
    cwd: dir,
    env: options.env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    // Terraform's own progress goes to our stderr: stdout carries only the review.
    stdio: ['ignore', output === 'stderr' ? 2 : 'pipe', output === 'stderr' ? 2 : 'pipe'],
  });
  if (result.error !== undefined) {
    throw new PlanReadError(`${basename(dir)}: terraform cannot be run (${result.error.message})`);
  }
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
