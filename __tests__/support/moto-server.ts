import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';

/**
 * A local moto server (`moto_server`, pip package `moto[server]`) for the
 * integration suite: one process per test file, on 127.0.0.1 only.
 *
 * Stop it in `afterAll`, guarded, so a failing `beforeAll` or test still
 * ends the process (jest runs `afterAll` even when `beforeAll` threw):
 *
 * ```ts
 * let moto: MotoServer | undefined;
 * beforeAll(async () => {
 *   moto = await startMoto();
 * });
 * afterAll(async () => {
 *   await moto?.stop();
 * });
 * ```
 */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL` or an SDK client's `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after a bounded wait; resolves once the process has exited. */
  stop(): Promise<void>;
  /**
   * Let `freeActions` more requests through without authentication, then
   * enforce IAM auth (signature and policy checks) on every request.
   * Requests made by the EKS Pod Identity double on a caller's behalf count too.
   */
  resetAuth(freeActions: number): Promise<void>;
  /**
   * `POST /moto-api/reset`: every backend as new (no roles, clusters,
   * buckets), so that one moto serves many independent cases. Not while
   * requests are under way.
   */
  reset(): Promise<void>;
}

export interface StartMotoOptions {
  /** How long to wait for moto to answer HTTP (default 30 s). */
  readonly readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 5 s). */
  readonly stopTimeoutMs?: number;
  /** Extra environment for moto, e.g. `MOTO_ACCOUNT_ID`. */
  readonly env?: Readonly<Record<string, string>>;
}

const EXECUTABLE = 'moto_server';
const STDERR_LIMIT = 20_000;

/**
 * Starts `moto_server` on a port the OS picks as moto binds it (`-p 0`),
 * read from Werkzeug's banner, and waits until it answers there. (Probing for
 * a free port and handing it to moto left the port free for the seconds moto
 * takes to start: any connection on the machine could take it meanwhile, and
 * another listener that took it would have answered the readiness check.)
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  return launch(options);
}

/**
 * Safety net for a run that ends without `afterAll` (a forgotten stop, jest's
 * --forceExit): kill what is still running when Node exits. Not a substitute
 * for `stop()`, which waits for the exit.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.pid !== undefined) signal(child.pid, 'SIGKILL');
});

/** Werkzeug's banner once moto has bound its socket: ` * Running on http://127.0.0.1:<port>`. */
const BANNER = /Running on http:\/\/127\.0\.0\.1:(\d+)/;

async function launch(options: StartMotoOptions): Promise<MotoServer> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;

  const child = spawn(EXECUTABLE, ['-H', '127.0.0.1', '-p', '0'], {
    env: { ...process.env, ...options.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // moto's Werkzeug writes its startup banner and its tracebacks to stderr.
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  const exited = exitOf(child);
  running.add(child);
  void exited.then(() => running.delete(child));

  const spawnFailure = await spawned(child);
  if (spawnFailure !== undefined) {
    if (spawnFailure.code === 'ENOENT') {
      throw new Error(
        `${EXECUTABLE} is not installed (not found on PATH). The integration tests need it: ` +
          'pip install "moto[server]"',
      );
    }
    throw new Error(`${EXECUTABLE} could not be started: ${spawnFailure.message}`);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${EXECUTABLE} started without a PID`);

  const deadline = Date.now() + readyTimeoutMs;
  let port: number | undefined;
  let endpoint: string | undefined;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await exited;
      // pyenv's shim exits 127 when the active Python has no moto_server.
      const missing = child.exitCode === 127 ? ` (${EXECUTABLE} is not installed?)` : '';
      throw new Error(
        `${EXECUTABLE} exited before it was ready (code ${child.exitCode}, ` +
          `signal ${child.signalCode})${missing}. Its stderr:\n${stderr}`,
      );
    }
    const banner = BANNER.exec(stderr);
    if (banner !== null && port === undefined) {
      port = Number(banner[1]);
      endpoint = `http://127.0.0.1:${port}`;
    }
    if (endpoint !== undefined && (await answers(endpoint))) break;
    if (Date.now() > deadline) {
      await stopProcess(child, exited, stopTimeoutMs);
      const where = port === undefined ? 'on any port' : `on 127.0.0.1:${port}`;
      throw new Error(
        `${EXECUTABLE} did not answer ${where} within ${readyTimeoutMs} ms. Its stderr:\n${stderr}`,
      );
    }
    await sleep(100);
  }

  return {
    endpoint,
    port: port as number,
    pid,
    stop: () => stopProcess(child, exited, stopTimeoutMs),
    resetAuth: (freeActions) => resetAuth(endpoint, freeActions),
    reset: () => postMotoApi(endpoint, 'reset', ''),
  };
}

interface SpawnFailure {
  readonly code?: string;
  readonly message: string;
}

/** Resolves with the spawn error (e.g. ENOENT), or undefined once the process is running. */
function spawned(child: ChildProcess): Promise<SpawnFailure | undefined> {
  return new Promise((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: error.code, message: error.message }),
    );
    child.once('spawn', () => resolve(undefined));
  });
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
    // A child that never spawned emits 'error' and no 'exit'.
    child.once('error', () => resolve());
  });
}

async function stopProcess(
  child: ChildProcess,
  exited: Promise<void>,
  stopTimeoutMs: number,
): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    await exited;
    return;
  }
  signal(pid, 'SIGTERM');
  if (!(await settlesWithin(exited, stopTimeoutMs))) {
    signal(pid, 'SIGKILL');
    await exited;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // ESRCH: it exited between our check and the signal.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True once moto's own API answers 200. */
function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${endpoint}/moto-api/`, { method: 'GET', timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/**
 * `POST /moto-api/reset-auth`. moto 5.2 parses the body as a bare number
 * (`float(request.data)`), not as JSON, so the count is sent as text.
 */
function resetAuth(endpoint: string, freeActions: number): Promise<void> {
  if (!Number.isInteger(freeActions) || freeActions < 0) {
    return Promise.reject(new Error(`freeActions must be a whole number ≥ 0, got ${freeActions}`));
  }
  return postMotoApi(endpoint, 'reset-auth', String(freeActions));
}

/** `POST /moto-api/<action>` with a text body; resolves on 200. */
function postMotoApi(endpoint: string, action: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}/moto-api/${action}`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode === 200) resolve();
          else reject(new Error(`moto ${action} answered ${res.statusCode}: ${text}`));
        });
      },
    );
    req.once('timeout', () => req.destroy(new Error(`moto ${action} timed out`)));
    req.once('error', reject);
    req.end(body);
  });
}

/** True if `promise` settles within `ms`; the timer does not keep the process alive after. */
async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
