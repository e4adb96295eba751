import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  CommandRun,
  environment,
  PROJECT_DIR,
  TemporaryDirs,
  timeCommand,
  timeCommandOk,
} from './measure';
import { SectionResult, status, TargetResult } from './report';
import { seconds, table } from './table';

const UNIT_TARGET_SECONDS = 30;
const MIRROR_VARIABLE = 'TF_PROVIDER_MIRROR';

/** Jest's summary line, e.g. `Tests: 636 passed, 636 total`. */
function testCount(output: string): string {
  const match = /^Tests:\s+(.*)$/m.exec(output);
  return match === null ? '' : match[1].trim();
}

/**
 * The provider mirror, found as .ci/run finds it: TF_PROVIDER_MIRROR, or the
 * folder holding `registry.terraform.io/` above a hashicorp/aws provider
 * binary on the root file system (skipping `.terraform/` install folders,
 * which come and go with other runs).
 */
export function findProviderMirror(): { readonly path?: string; readonly how: string } {
  const given = process.env[MIRROR_VARIABLE];
  if (given !== undefined && given !== '') return { path: given, how: 'from the environment' };
  const found = timeCommand(
    'find',
    ['/', '-xdev', '-name', 'terraform-provider-aws_*', '-path', '*/registry.terraform.io/*'],
    { cwd: PROJECT_DIR, env: environment(), timeoutMs: 120_000 },
  );
  const plugin = found.stdout
    .split('\n')
    .find((line) => line.includes('/registry.terraform.io/') && !line.includes('/.terraform/'));
  if (plugin === undefined) return { how: 'none found under / (find -xdev)' };
  return {
    path: plugin.slice(0, plugin.indexOf('/registry.terraform.io/')),
    how: `found by find in ${seconds(found.seconds)}`,
  };
}

/** The real terraform on PATH, or undefined. */
function realTerraform(): string | undefined {
  const which = timeCommand('sh', ['-c', 'command -v terraform'], {
    cwd: PROJECT_DIR,
    env: environment(),
  });
  const path = which.stdout.trim();
  return which.code === 0 && path !== '' ? path : undefined;
}

/**
 * A `terraform` first on PATH that runs the real one and logs each
 * subcommand; for `init`, the providers of the lock file it wrote, so that
 * the bench can count inits per provider set.
 */
function terraformShim(dir: string, real: string): { readonly bin: string; readonly log: string } {
  const bin = join(dir, 'bin');
  const log = join(dir, 'terraform.log');
  mkdirSync(bin);
  writeFileSync(log, '');
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    join(bin, 'terraform'),
    [
      '#!/bin/sh',
      `${quote(real)} "$@"`,
      'status=$?',
      'if [ "$1" = init ]; then',
      `  printf 'init %s\\n' "$(grep -o 'provider "[^"]*"' .terraform.lock.hcl 2>/dev/null | sed 's/provider //; s/"//g' | sort | tr '\\n' ' ')" >> ${quote(log)}`,
      'else',
      `  printf '%s\\n' "$1" >> ${quote(log)}`,
      'fi',
      'exit $status',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'terraform'), 0o755);
  return { bin, log };
}

/** A suite's row, or its failure. */
function runSuite(
  label: string,
  env: NodeJS.ProcessEnv,
): { readonly run?: CommandRun; readonly failure?: string } {
  try {
    const run = timeCommandOk(label, 'npm', ['run', label.replace(/^npm run /, '')], {
      cwd: PROJECT_DIR,
      env,
      timeoutMs: 600_000,
    });
    process.stderr.write(`  ${label}: ${seconds(run.seconds)}\n`);
    return { run };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

/** Wall time of `npm run test:unit` and `npm run test:terraform`, and the inits of the latter. */
export function benchSuites(options: { readonly temporary: TemporaryDirs }): SectionResult {
  const rows: string[][] = [];
  const targets: TargetResult[] = [];
  const failures: string[] = [];
  const failed = (label: string, failure: string) => {
    failures.push(failure);
    rows.push([`\`${label}\``, 'failed', '', failure.split('\n')[0]]);
  };

  const unitTarget = `unit suite (without the Terraform checks) ≤ ${UNIT_TARGET_SECONDS} s`;
  const unit = runSuite('npm run test:unit', environment());
  if (unit.run === undefined) {
    failed('npm run test:unit', unit.failure ?? '');
    targets.push({ target: unitTarget, measured: '–', kind: 'absolute', status: 'not run' });
  } else {
    const { seconds: wall } = unit.run;
    rows.push([
      '`npm run test:unit`',
      `**${seconds(wall)}**`,
      testCount(unit.run.stderr + unit.run.stdout),
      '',
    ]);
    targets.push({
      target: unitTarget,
      measured: seconds(wall),
      kind: 'absolute',
      status: status(wall <= UNIT_TARGET_SECONDS),
      ...(wall > UNIT_TARGET_SECONDS && { note: `over by ${seconds(wall - UNIT_TARGET_SECONDS)}` }),
    });
  }

  const mirror = findProviderMirror();
  const real = realTerraform();
  const initTarget = 'Terraform checks share one `terraform init` per provider set';
  if (mirror.path === undefined || !existsSync(mirror.path) || real === undefined) {
    const why =
      real === undefined
        ? 'terraform is not on PATH'
        : `no provider mirror (${mirror.path ?? mirror.how}): set ${MIRROR_VARIABLE}`;
    rows.push(['`npm run test:terraform`', 'not run', '', why]);
    targets.push({
      target: initTarget,
      measured: '–',
      kind: 'count',
      status: 'not run',
      note: why,
    });
  } else {
    const shim = terraformShim(options.temporary.make('terraform'), real);
    const terraform = runSuite(
      'npm run test:terraform',
      environment({
        [MIRROR_VARIABLE]: mirror.path,
        POD_IDENTITY_SKIP_TERRAFORM: undefined,
        PATH: `${shim.bin}${delimiter}${process.env.PATH ?? ''}`,
      }),
    );
    const calls = readFileSync(shim.log, 'utf8').trim().split('\n').filter(Boolean);
    const inits = calls.filter((call) => call.startsWith('init'));
    const providerSets = new Set(inits.map((call) => call.slice('init'.length).trim()));
    const validates = calls.filter((call) => call === 'validate').length;
    const sets = [...providerSets].map((set) => set || '(none)').join('; ');
    const counted = `terraform init ×${inits.length} for ${providerSets.size} provider set(s) [${sets}], validate ×${validates}`;
    if (terraform.run === undefined) {
      failed('npm run test:terraform', terraform.failure ?? '');
    } else {
      rows.push([
        '`npm run test:terraform`',
        `**${seconds(terraform.run.seconds)}**`,
        testCount(terraform.run.stderr + terraform.run.stdout),
        `${MIRROR_VARIABLE}=${mirror.path} (${mirror.how}); ${counted}`,
      ]);
    }
    targets.push({
      target: initTarget,
      measured: `${inits.length} init(s) for ${providerSets.size} provider set(s), ${validates} validate(s)`,
      kind: 'count',
      status: inits.length === 0 ? 'not run' : status(inits.length === providerSets.size),
    });
  }

  const text = [
    table(['suite', 'wall time', 'tests', 'notes'], rows),
    '',
    'Each suite runs once, as `npm run …` from the project folder (npm and Jest start-up included).',
    'Terraform calls are counted by a logging `terraform` put first on PATH for the Terraform checks.',
    ...failures.map((failure) => `\n\`\`\`\n${failure}\n\`\`\``),
  ].join('\n');
  return { text, targets, failures: failures.map((failure) => failure.split('\n')[0]) };
}
