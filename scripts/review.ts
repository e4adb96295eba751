/**
 * `npm run review`: what a change does to the workloads, per service account
 * on each cluster: the permissions it gains and loses, whether it goes
 * without credentials for a while (a role replaced, an association
 * re-created or deleted), and what happens to each EKS add-on.
 *
 *   npm run review                          plans every stack of cdktf.out/stacks/
 *   npm run review -- <stack folder>...     plans these stack folders
 *   npm run review -- --plan <file> [--graph <file>]...
 *                                           reads `terraform show -json` files (and
 *                                           `terraform graph -plan` output, for the order)
 *   --markdown                              Markdown, for a pull request comment
 *   --managed-policies <file>               documents of AWS-managed policies, name -> document
 *                                           (default: presets/published/managed-policies.json if present)
 *
 * Exits 0 whatever the review finds; 1 only when a plan cannot be made or
 * read, 2 on a wrong argument.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ManagedPolicyDocuments,
  ManagedPolicyDocumentsError,
  NO_MANAGED_POLICY_DOCUMENTS,
  readManagedPolicyDocuments,
} from '../review/managed-policies';
import { PlanReadError } from '../review/plan-json';
import { renderMarkdown, renderText } from '../review/render';
import {
  declaresReviewedResources,
  PlannedStack,
  planStackFolder,
  readPlanFile,
  stackFolders,
} from '../review/stack-plans';
import { reviewStack } from '../review/workload-changes';

/** Where the project records AWS-managed policy documents, relative to it. */
const RECORDED_MANAGED_POLICIES = join('presets', 'published', 'managed-policies.json');

interface Arguments {
  readonly markdown: boolean;
  readonly managedPolicies?: string;
  readonly plans: readonly { file: string; graph?: string }[];
  readonly folders: readonly string[];
}

class UsageError extends Error {}

export function parseArguments(argv: readonly string[]): Arguments {
  let markdown = false;
  let managedPolicies: string | undefined;
  const plans: { file: string; graph?: string }[] = [];
  const folders: string[] = [];
  const value = (index: number, flag: string): string => {
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a file`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--markdown') markdown = true;
    else if (arg === '--managed-policies') managedPolicies = value(i++, arg);
    else if (arg === '--plan') plans.push({ file: value(i++, arg) });
    else if (arg === '--graph') {
      const last = plans[plans.length - 1];
      if (last === undefined || last.graph !== undefined) {
        throw new UsageError('--graph follows the --plan it is the graph of');
      }
      last.graph = value(i++, arg);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else folders.push(arg);
  }
  return { markdown, ...(managedPolicies !== undefined && { managedPolicies }), plans, folders };
}

/**
 * Runs the review; returns the exit code. Paths given are relative to `cwd`
 * (npm runs scripts from the project folder and says in INIT_CWD where it was
 * called from); the default `cdktf.out` is the project's.
 */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv, projectDir: string): number {
  const cwd = env.INIT_CWD ?? projectDir;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log(`review: ${error.message}`);
    return 2;
  }
  try {
    const managedPolicies = readManagedPolicies(args.managedPolicies, cwd, projectDir, log);
    const planned: PlannedStack[] = args.plans.map((p) =>
      readPlanFile(resolve(cwd, p.file), p.graph === undefined ? undefined : resolve(cwd, p.graph)),
    );
    const folders =
      args.folders.length > 0 || args.plans.length > 0
        ? args.folders.map((f) => resolve(cwd, f))
        : stackFolders(resolve(projectDir, 'cdktf.out'));
    for (const folder of folders) {
      if (!declaresReviewedResources(folder)) {
        log(`${folder}: no IAM role, Pod Identity association or EKS add-on: nothing to review`);
        continue;
      }
      planned.push(planStackFolder(folder, { env, log }));
    }
    const reviews = planned.map(({ plan, order }) =>
      reviewStack(plan, { managedPolicies, ...(order !== undefined && { order }) }),
    );
    process.stdout.write(args.markdown ? renderMarkdown(reviews) : renderText(reviews));
    return 0;
  } catch (error) {
    if (error instanceof PlanReadError || error instanceof ManagedPolicyDocumentsError) {
      log(`review: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/**
 * The map of AWS-managed policy documents: the one given, which must be
 * read; or the project's recorded one, if present, whose failure to read
 * only costs the expansion (a review must not fail on what it can do without).
 */
function readManagedPolicies(
  given: string | undefined,
  cwd: string,
  projectDir: string,
  log: (line: string) => void,
): ManagedPolicyDocuments {
  if (given !== undefined) {
    return readManagedPolicyDocuments(readText(resolve(cwd, given)), given);
  }
  const recorded = join(projectDir, RECORDED_MANAGED_POLICIES);
  if (!existsSync(recorded)) return NO_MANAGED_POLICY_DOCUMENTS;
  try {
    return readManagedPolicyDocuments(readText(recorded), RECORDED_MANAGED_POLICIES);
  } catch (error) {
    if (!(error instanceof ManagedPolicyDocumentsError)) throw error;
    log(`review: ${error.message}; AWS-managed policies are named, not expanded`);
    return NO_MANAGED_POLICY_DOCUMENTS;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ManagedPolicyDocumentsError(`${file}: ${(error as Error).message}`);
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env, join(__dirname, '..'));
}
