import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMAND_LOG_VARIABLE, runCommand } from '../support/run-command';

/** Running, not gone nor a zombie waiting for its (re)parent to reap it. */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

describe('runCommand', () => {
  const options = { cwd: tmpdir(), env: process.env, timeoutMs: 30_000 };

  it('returns the exit code and both outputs', async () => {
    await expect(
      runCommand('sh', ['-c', 'echo out; echo err >&2; exit 3'], options),
    ).resolves.toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
  });

  it('reports a command that cannot start', async () => {
    const result = await runCommand('/nonexistent/command', [], options);
    expect(result).toMatchObject({ code: null, timedOut: false });
    expect(result.stderr).toContain('ENOENT');
  });

  // cdktf runs Terraform as a child of its own: a timeout that killed cdktf
  // alone left Terraform running, holding its state lock and calling moto.
  it('on timeout kills the command and every process it started', async () => {
    const result = await runCommand('sh', ['-c', 'sleep 300 & echo $!; wait'], {
      ...options,
      timeoutMs: 1_000,
    });
    expect(result).toMatchObject({ code: null, timedOut: true });
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(alive(grandchild)).toBe(false);
  });

  it(`logs each command's start, end and duration to ${COMMAND_LOG_VARIABLE}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pod-identity-command-log-'));
    const log = join(dir, 'commands.log');
    try {
      await runCommand('sh', ['-c', 'exit 0'], {
        ...options,
        env: { ...process.env },
      });
      process.env[COMMAND_LOG_VARIABLE] = log;
      await runCommand('sh', ['-c', 'exit 2'], options);
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/Z start sh -c exit 2 \(in /);
      expect(lines[1]).toMatch(/Z end sh -c exit 2: exit 2 after \d+ ms$/);
    } finally {
      Reflect.deleteProperty(process.env, COMMAND_LOG_VARIABLE);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
