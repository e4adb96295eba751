import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set while a test run owns a temporary folder: the machine's TMPDIR before it ('' for none). */
const MACHINE_TMPDIR = 'POD_IDENTITY_MACHINE_TMPDIR';

/**
 * Jest's globalSetup: gives the whole test run one temporary folder, as TMPDIR,
 * which the test workers and every process they start (terraform, the cdktf
 * CLI, moto) inherit. cdktf's Testing.app() makes a temporary outdir for every
 * app and never removes it: before this, every `npm test` left over 300
 * folders in /tmp. Returns the folder.
 */
export function createRunFolder(env: NodeJS.ProcessEnv = process.env): string {
  const machine = env.TMPDIR || tmpdir();
  env[MACHINE_TMPDIR] = env.TMPDIR ?? '';
  const folder = mkdtempSync(join(machine, 'pod-identity-test-'));
  env.TMPDIR = folder;
  return folder;
}

/** Jest's globalTeardown: removes the run's folder and restores TMPDIR. */
export function removeRunFolder(env: NodeJS.ProcessEnv = process.env): void {
  const folder = env.TMPDIR;
  const machine = env[MACHINE_TMPDIR];
  if (machine === undefined || folder === undefined) return;
  if (machine === '') delete env.TMPDIR;
  else env.TMPDIR = machine;
  Reflect.deleteProperty(env, MACHINE_TMPDIR);
  rmSync(folder, { recursive: true, force: true });
}
