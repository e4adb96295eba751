import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';

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
  /** Killed (SIGKILL), with every process it started, after this long. */
  readonly timeoutMs: number;
}

/** Set to a file to have every command's start, end, exit code and duration appended to it. */
export const COMMAND_LOG_VARIABLE = 'POD_IDENTITY_COMMAND_LOG';

const OUTPUT_LIMIT = 64 * 1024 * 1024;

/**
 * Runs a command to completion without a shell and never rejects on a
 * non-zero exit: tests assert on the result. Every run is bounded in time.
 *
 * On timeout the whole process tree goes, not only the command: cdktf runs
 * Terraform in a pseudo-terminal of its own session, so Terraform and its
 * provider would otherwise outlive a killed cdktf, keep the state locked and
 * keep talking to moto while the next steps run.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandResult> {
  const startedAt = Date.now();
  logCommand(`start ${commandLine(command, args)} (in ${options.cwd})`);
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= OUTPUT_LIMIT) into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killTree(child.pid);
    }, options.timeoutMs);

    let settled = false;
    const finish = (code: number | null, failure?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const err = Buffer.concat(stderr).toString();
      const ms = Date.now() - startedAt;
      logCommand(
        `end ${commandLine(command, args)}: ${timedOut ? 'timed out' : `exit ${code}`} after ${ms} ms`,
      );
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString(),
        stderr:
          err ||
          (failure ??
            (code === null ? `${command} was killed${timedOut ? ' (timeout)' : ''}` : '')),
        timedOut,
      });
    };
    // A command that could not start (ENOENT, say) emits 'error' and no 'close'.
    child.once('error', (error) => finish(null, error.message));
    child.once('close', (code) => finish(code));
  });
}

/** SIGKILL to `pid` and every process under it, each by its PID (the tree is read first). */
export function killTree(pid: number): void {
  for (const each of [pid, ...descendants(pid)]) {
    try {
      process.kill(each, 'SIGKILL');
    } catch (error) {
      // ESRCH: it exited in the meantime.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

/** The processes under `pid`, from /proc (Linux); none elsewhere. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const entry of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we read
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function commandLine(command: string, args: readonly string[]): string {
  return [command.split('/').pop(), ...args].join(' ');
}

function logCommand(line: string): void {
  const file = process.env[COMMAND_LOG_VARIABLE];
  if (file !== undefined && file !== '') {
    appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
  }
}
