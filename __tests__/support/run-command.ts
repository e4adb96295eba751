import { execFile } from 'node:child_process';

export interface CommandResult {
  /** Exit code; null when the command was killed (for instance on timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long. */
  readonly timeoutMs: number;
}

/**
 * Runs a command to completion without a shell and never rejects on a
 * non-zero exit: tests assert on the result. Every run is bounded in time.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; killed?: boolean }) | null;
        const code = failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr) || (code === null && failure !== null ? failure.message : ''),
          timedOut: failure?.killed === true,
        });
      },
    );
  });
}
