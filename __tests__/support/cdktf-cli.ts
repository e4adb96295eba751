import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CommandResult, runCommand } from './run-command';

export const PROJECT_DIR = join(__dirname, '..', '..');
/** The project's own cdktf CLI, as `npx cdktf` runs it. */
export const CDKTF = join(PROJECT_DIR, 'node_modules', '.bin', 'cdktf');

export function temporaryDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pod-identity-${prefix}-`));
}

/** Runs the cdktf CLI from the project folder, as users do. */
export function cdktf(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  timeoutMs = 120_000,
): Promise<CommandResult> {
  return runCommand(CDKTF, args, {
    cwd: PROJECT_DIR,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
    timeoutMs,
  });
}

/** Every file under `dir`, by path relative to it, with its content. */
export function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}
