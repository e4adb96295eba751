import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set while a test run owns a temporary folder: the machine's TMPDIR before it. */
const MACHINE_TMPDIR = 'POD_IDENTITY_MACHINE_TMPDIR';

/**
 * Jest's globalSetup: gives the whole test run one temporary folder, as TMPDIR,
 * which the test workers and every process they start (terraform, the cdktf
 * CLI, moto) inherit. cdktf's Testing.app() makes a temporary outdir for every
 * app and never removes it: before this, every `npm test` left over 300
 * folders in /tmp.
 */
export function createRunFolder(): void {
  const machine = tmpdir();
  process.env[MACHINE_TMPDIR] = process.env.TMPDIR ?? '';
  process.env.TMPDIR = mkdtempSync(join(machine, 'pod-identity-test-'));
}

/** Jest's globalTeardown: removes the run's folder and restores TMPDIR. */
export function removeRunFolder(): void {
  const folder = process.env.TMPDIR;
  const machine = process.env[MACHINE_TMPDIR];
  if (machine === undefined || folder === undefined) return;
  if (machine === '') delete process.env.TMPDIR;
  else process.env.TMPDIR = machine;
  delete process.env[MACHINE_TMPDIR];
  rmSync(folder, { recursive: true, force: true });
}
