import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The project folder: `scripts/bench/..`. */
export const PROJECT_DIR = join(__dirname, '..', '..');

export interface CommandRun {
  /** Wall time from spawn to exit, in seconds. */
  readonly seconds: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Killed after this long. */
  readonly timeoutMs?: number;
}

/** A command that exited non-zero: the bench reports it and exits 1. */
export class CommandFailed extends Error {
  constructor(label: string, run: CommandRun) {
    const lines = `${run.stdout}\n${run.stderr}`.trim().split('\n');
    // Jest's failed tests (● title) and timeouts first, then the end of the output.
    const failed = lines.filter((line) => /●|Exceeded timeout/.test(line)).slice(0, 12);
    const output = [...failed, ...(failed.length > 0 ? ['…'] : []), ...lines.slice(-15)].join('\n');
    super(
      `${label} failed (exit ${run.code ?? 'killed'} after ${run.seconds.toFixed(1)} s):\n${output}`,
    );
    this.name = 'CommandFailed';
  }
}

/** Runs a command to completion without a shell and times it. */
export function timeCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): CommandRun {
  const start = performance.now();
  const result = spawnSync(command, [...args], {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 600_000,
    killSignal: 'SIGKILL',
  });
  const seconds = (performance.now() - start) / 1000;
  return {
    seconds,
    code: result.error === undefined ? result.status : null,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? String(result.error ?? ''),
  };
}

/** Like `timeCommand`, throwing `CommandFailed` on a non-zero exit. */
export function timeCommandOk(
  label: string,
  command: string,
  args: readonly string[],
  options: CommandOptions,
): CommandRun {
  const run = timeCommand(command, args, options);
  if (run.code !== 0) throw new CommandFailed(label, run);
  return run;
}

/** The environment of the bench with `overrides`; an undefined value removes the variable. */
export function environment(
  overrides: Readonly<Record<string, string | undefined>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) Reflect.deleteProperty(env, name);
    else env[name] = value;
  }
  return env;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Temporary folders, all removed by `removeAll` (also on failure). */
export class TemporaryDirs {
  private readonly dirs: string[] = [];

  make(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), `pod-identity-bench-${prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  /** Removes `dir` now (it was made by `make`). */
  remove(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
