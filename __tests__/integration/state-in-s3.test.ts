import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PROJECT_DIR, temporaryDir } from '../support/cdktf-cli';
import { EXAMPLES_DIR } from '../support/examples';
import { LocalAws, MOTO_ACCOUNT, MOTO_CREDENTIALS, startLocalAws } from '../support/local-aws';
import { CommandResult, killTree } from '../support/run-command';
import {
  describeWithTerraform,
  readable,
  requireTerraformAndMirror,
  StackDeployment,
} from '../support/stack-deployment';
import { setUp } from '../support/before-all';

/**
 * State in S3 (issue 10), proven against moto's S3 with real `cdktf deploy`
 * and Terraform's S3 backend: examples/state-in-s3.json, with its KMS key
 * replaced by one created in moto, keeps the AWS stack's state at exactly
 * `<keyPrefix><stack>.tfstate`, encrypted with that key, and nowhere on disk;
 * Terraform's lock file `<key>.tflock` exists exactly while a run holds the
 * lock, and a second deploy meanwhile is refused without touching the state.
 *
 * The lock is held deterministically: `terraform apply -replace=<the role>`
 * in the deployed stack's folder, without -auto-approve, waits for its
 * "Enter a value:" prompt with the lock taken, until the test answers "no".
 *
 * The backend gets no `use_path_style` and no endpoint of its own (the first
 * test checks what `terraform init` recorded): it follows AWS_ENDPOINT_URL
 * (moto's, from `awsEnvironment`), and the AWS SDK for Go addresses a bucket
 * path-style when the endpoint is an IP address (virtual-hosted, it would ask
 * for `acme-terraform-state.127.0.0.1`, which does not resolve). So the
 * synthesized stacks are deployed exactly as a user gets them.
 *
 * Not proven here: moto encrypts nothing and does not check that the KMS key
 * exists; SSE-KMS on HeadObject shows what Terraform asked S3 for.
 *
 * The tests run in order, each one step of a single story.
 */

jest.setTimeout(170_000);

const EXAMPLE = 'state-in-s3.json';
/** The example's bucket and region, as a user's account would hold them. */
const BUCKET = 'acme-terraform-state';
const REGION = 'eu-west-1';
const STACK = 'pod-identity-staging-aws';
/** `<keyPrefix><stack>.tfstate` with the example's keyPrefix `pod-identity/`. */
const STATE_KEY = 'pod-identity/pod-identity-staging-aws.tfstate';
const LOCK_KEY = `${STATE_KEY}.tflock`;
const ROLE = 'eks-pod-identity-reports';

/** Long enough for the second deploy (synth, init, refused apply) while the lock is held. */
const HELD_APPLY_LIMIT_MS = 420_000;
const PROMPT_TIMEOUT_MS = 150_000;

describeWithTerraform(
  "state in S3 (examples/state-in-s3.json): cdktf deploy against moto's S3, with Terraform's S3 lock file",
  () => {
    let aws: LocalAws | undefined;
    let s3: S3Client | undefined;
    let configDir: string | undefined;
    let kmsKeyArn = '';
    /** The deploy that holds the lock, and the second user's, from a folder of its own. */
    let first: StackDeployment | undefined;
    let second: StackDeployment | undefined;
    let held: Interactive | undefined;
    /** The lock file while `held` waits, and the state object then. */
    let lock: LockInfo | undefined;
    let stateWhileHeld: StateObject | undefined;
    /** Every command started, so that afterAll waits for them before removing their folders. */
    const started: Promise<unknown>[] = [];

    const bucket = (): S3Client => setUp(s3, 'the local AWS did not start');
    const deployment = (d: StackDeployment | undefined): StackDeployment =>
      setUp(d, 'the deployment was never set up');
    const holding = (): Interactive => {
      if (held === undefined) throw new Error('no apply holds the lock (see the test before)');
      return held;
    };
    const track = <T>(running: Promise<T>): Promise<T> => {
      started.push(running);
      return running;
    };

    beforeAll(async () => {
      await requireTerraformAndMirror();
      aws = await startLocalAws();
      s3 = aws.s3();
      await aws.createClusters(REGION, ['staging']);
      kmsKeyArn = await createKmsKey(aws.moto.endpoint, REGION);
      // The bucket exists before the first deploy (the backend never creates it), versioned as
      // a state bucket should be: a write shows as a new version.
      await s3.send(
        new CreateBucketCommand({
          Bucket: BUCKET,
          CreateBucketConfiguration: { LocationConstraint: REGION },
        }),
      );
      await s3.send(
        new PutBucketVersioningCommand({
          Bucket: BUCKET,
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      );

      const example = JSON.parse(readFileSync(join(EXAMPLES_DIR, EXAMPLE), 'utf8')) as Example;
      // The example as shipped, but for a KMS key that exists in moto's account.
      expect(example.region).toBe(REGION);
      expect(example.backend.s3).toEqual({
        bucket: BUCKET,
        keyPrefix: 'pod-identity/',
        kmsKeyId: expect.stringMatching(/^arn:aws:kms:eu-west-1:\d{12}:key\//),
      });
      example.backend.s3.kmsKeyId = kmsKeyArn;
      configDir = temporaryDir('state-in-s3-config');
      const configFile = join(configDir, EXAMPLE);
      writeFileSync(configFile, JSON.stringify(example, null, 2));

      first = new StackDeployment('state-in-s3', configFile, aws);
      second = new StackDeployment('state-in-s3-second-user', configFile, aws);
      expect([first.stack, second.stack]).toEqual([STACK, STACK]);
    }, 60_000);

    afterAll(async () => {
      try {
        await held?.stop();
        await Promise.allSettled(started);
      } finally {
        first?.remove();
        second?.remove();
        if (configDir !== undefined) rmSync(configDir, { recursive: true, force: true });
        await aws?.stop();
      }
    }, 170_000);

    test(`cdktf deploy writes the state at exactly ${STATE_KEY}, encrypted with the KMS key, and no state on disk`, async () => {
      const d = deployment(first);
      expectSuccess(await track(d.deploy()));

      // The lock file is gone once the deploy is done: the state object alone remains.
      expect(await keys()).toEqual([STATE_KEY]);
      const state = await stateObject();
      expect(state.encryption).toEqual({ sse: 'aws:kms', kmsKeyId: kmsKeyArn });
      expect(state.content.resources.filter((r) => r.type === 'aws_iam_role')).toEqual([
        expect.objectContaining({
          mode: 'managed',
          instances: [
            expect.objectContaining({ attributes: expect.objectContaining({ name: ROLE }) }),
          ],
        }),
      ]);
      const { Role } = await localAws().iam.send(new GetRoleCommand({ RoleName: ROLE }));
      expect(Role?.Arn).toBe(`arn:aws:iam::${MOTO_ACCOUNT}:role/${ROLE}`);

      expect(localStateFiles(d.dir)).toEqual([backendSettingsFile()]);
      expectS3BackendSettings(d);
      expect(readdirSync(PROJECT_DIR).filter((f) => f.includes('.tfstate'))).toEqual([]);
    });

    test(`an apply awaiting approval holds the lock: ${LOCK_KEY} exists and names its ID and operation`, async () => {
      const d = deployment(first);
      const role = (await stateObject()).content.resources.find((r) => r.type === 'aws_iam_role');
      if (role === undefined) throw new Error('no role in the state (see the test before)');
      held = startInteractive(
        'terraform',
        ['apply', `-replace=aws_iam_role.${role.name}`, '-input=true', '-no-color'],
        { cwd: d.stackDir, env: d.env, timeoutMs: HELD_APPLY_LIMIT_MS },
      );
      track(held.exited);
      await held.waitFor('Enter a value:', PROMPT_TIMEOUT_MS);
      expect(held.output()).toContain(`aws_iam_role.${role.name} will be replaced, as requested`);

      expect(await keys()).toEqual([STATE_KEY, LOCK_KEY]);
      lock = await lockInfo();
      expect(lock).toEqual(
        expect.objectContaining({
          ID: expect.stringMatching(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          ),
          Operation: 'OperationTypeApply',
          Path: `${BUCKET}/${STATE_KEY}`,
          Version: expect.stringMatching(/^1\.(1[0-9]|[2-9][0-9])\./),
        }),
      );
      // Encrypted like the state: Terraform sends the backend's SSE-KMS settings with the lock too.
      const lockHead = await bucket().send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: LOCK_KEY }),
      );
      expect({ sse: lockHead.ServerSideEncryption, kmsKeyId: lockHead.SSEKMSKeyId }).toEqual({
        sse: 'aws:kms',
        kmsKeyId: kmsKeyArn,
      });
      stateWhileHeld = await stateObject();
    });

    test("a second cdktf deploy meanwhile fails with Terraform's lock error, and the state object is not written", async () => {
      if (!holding().running()) throw new Error('the apply holding the lock has ended');
      const before = await stateObject();
      const result = await track(deployment(second).deploy());

      const output = readable(result);
      if (result.code === 0) {
        throw new Error(`the second deploy succeeded meanwhile:\n${output.slice(-3000)}`);
      }
      expect(output).toContain('Error acquiring the state lock');
      // S3 refused the lock file's conditional write (If-None-Match: *).
      expect(output).toContain('StatusCode: 412');
      expect(output).toContain('PreconditionFailed');
      // Terraform names the lock it found: the held apply's.
      expect(output).toContain(`Lock Info: ID: ${lock?.ID ?? '(no lock seen)'}`);
      expect(output).toContain(`Path: ${BUCKET}/${STATE_KEY}`);
      expect(output).toContain('Operation: OperationTypeApply');

      // Nothing written over: the same latest version, ETag and content, no new version.
      expect(await stateObject()).toEqual(before);
      // The refused run left the lock as it was and the first apply still waits.
      expect(await lockInfo()).toEqual(lock);
      expect(holding().running()).toBe(true);
      expect(localStateFiles(deployment(second).dir)).toEqual([backendSettingsFile()]);
    });

    test('answering "no" cancels the apply and releases the lock: the lock file is gone', async () => {
      const apply = holding();
      apply.answer('no');
      const result = await apply.exited;
      expect(result.timedOut).toBe(false);
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toContain('Apply cancelled.');

      expect(await keys()).toEqual([STATE_KEY]);
      expect(await stateObject()).toEqual(stateWhileHeld);
    });

    test('planning again shows no changes (terraform plan -detailed-exitcode exits 0)', async () => {
      const result = await track(deployment(first).plan());
      if (result.code !== 0) throw new Error(`exit ${result.code}:\n${readable(result)}`);
      expect(result.stdout).toContain('No changes.');
      expect(await keys()).toEqual([STATE_KEY]);
    });

    test('cdktf destroy leaves the state object with no resources, and no lock file', async () => {
      expectSuccess(await track(deployment(first).destroy()));
      expect(await keys()).toEqual([STATE_KEY]);
      const state = await stateObject();
      expect(state.content.resources).toEqual([]);
      expect(state.encryption).toEqual({ sse: 'aws:kms', kmsKeyId: kmsKeyArn });
      await expect(
        localAws().iam.send(new GetRoleCommand({ RoleName: ROLE })),
      ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
      expect(localAws().double.associations()).toEqual([]);
      expect(localStateFiles(deployment(first).dir)).toEqual([backendSettingsFile()]);
    });

    function localAws(): LocalAws {
      return setUp(aws, 'the local AWS did not start');
    }

    /** Every key in the bucket (current objects: a deleted lock file leaves only a delete marker). */
    async function keys(): Promise<string[]> {
      const { Contents = [], IsTruncated } = await bucket().send(
        new ListObjectsV2Command({ Bucket: BUCKET }),
      );
      expect(IsTruncated).toBe(false);
      return Contents.map((object) => object.Key ?? '').sort();
    }

    /** The state object as S3 holds it: its latest version, every version's ID, and its JSON. */
    async function stateObject(): Promise<StateObject> {
      const head = await bucket().send(new HeadObjectCommand({ Bucket: BUCKET, Key: STATE_KEY }));
      const object = await bucket().send(new GetObjectCommand({ Bucket: BUCKET, Key: STATE_KEY }));
      const text = (await object.Body?.transformToString()) ?? '';
      const { Versions = [], DeleteMarkers = [] } = await bucket().send(
        new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: STATE_KEY }),
      );
      expect(DeleteMarkers.filter((marker) => marker.Key === STATE_KEY)).toEqual([]);
      expect(object.VersionId).toBe(head.VersionId);
      expect(object.ETag).toBe(head.ETag);
      return {
        versionId: head.VersionId,
        etag: head.ETag,
        versions: Versions.filter((v) => v.Key === STATE_KEY).map((v) => v.VersionId),
        encryption: { sse: head.ServerSideEncryption, kmsKeyId: head.SSEKMSKeyId },
        text,
        content: JSON.parse(text) as TerraformStateJson,
      };
    }

    async function lockInfo(): Promise<LockInfo> {
      const object = await bucket().send(new GetObjectCommand({ Bucket: BUCKET, Key: LOCK_KEY }));
      return JSON.parse((await object.Body?.transformToString()) ?? '') as LockInfo;
    }
  },
);

interface Example {
  region: string;
  backend: { s3: { bucket: string; keyPrefix: string; kmsKeyId: string } };
}

interface TerraformStateJson {
  readonly resources: readonly {
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: readonly { readonly attributes: Record<string, unknown> }[];
  }[];
}

interface StateObject {
  readonly versionId?: string;
  readonly etag?: string;
  readonly versions: readonly (string | undefined)[];
  readonly encryption: { readonly sse?: string; readonly kmsKeyId?: string };
  readonly text: string;
  readonly content: TerraformStateJson;
}

/** What Terraform writes into `<key>.tflock`. */
interface LockInfo {
  readonly ID: string;
  readonly Operation: string;
  readonly Path: string;
  readonly Who: string;
  readonly Version: string;
  readonly Created: string;
}

/** Terraform's own record of the backend's settings (it holds no resources). */
function backendSettingsFile(): string {
  return join('cdktf.out', 'stacks', STACK, '.terraform', 'terraform.tfstate');
}

/** Every file under `dir` whose name ends in `.tfstate` (or `.tfstate.backup`), relative to it. */
function localStateFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      // The provider's plugin, linked from the mirror, is not walked into.
      if (name === 'providers') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tfstate(\.backup)?$/.test(name)) found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * The backend as `terraform init` recorded it: S3 with the synthesized
 * settings and nothing the test added (no endpoint, no path-style).
 */
function expectS3BackendSettings(d: StackDeployment): void {
  const recorded = JSON.parse(readFileSync(join(d.dir, backendSettingsFile()), 'utf8')) as {
    backend: { type: string; config: Record<string, unknown> };
  };
  expect(recorded).not.toHaveProperty('resources');
  expect(recorded.backend.type).toBe('s3');
  const set = Object.fromEntries(
    Object.entries(recorded.backend.config).filter(([, value]) => value !== null),
  );
  expect(set).toEqual({
    bucket: BUCKET,
    key: STATE_KEY,
    region: REGION,
    encrypt: true,
    kms_key_id: expect.stringMatching(/^arn:aws:kms:eu-west-1:/),
    use_lockfile: true,
  });
}

/** Fails with the command's output, which says why, rather than with a bare exit code. */
function expectSuccess(result: CommandResult): void {
  if (result.code !== 0) {
    throw new Error(
      `exit ${result.code}${result.timedOut ? ' (timed out)' : ''}:\n${readable(result).slice(-4000)}`,
    );
  }
}

/**
 * A symmetric KMS key in moto's account, for SSE-KMS of the state. The suite
 * has no KMS client, and moto needs none: it routes a request by the
 * credential scope of its Authorization header and, while it does not
 * enforce auth, checks no signature. (moto's S3 does not check that a
 * KMS key exists either; the key is created so that the ARN is a real one.)
 */
function createKmsKey(endpoint: string, region: string): Promise<string> {
  const body = JSON.stringify({ Description: 'Terraform state of the state-in-s3 test' });
  const scope = `${MOTO_CREDENTIALS.accessKeyId}/20260101/${region}/kms/aws4_request`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}/`,
      {
        method: 'POST',
        timeout: 10_000,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'content-length': Buffer.byteLength(body),
          'x-amz-target': 'TrentService.CreateKey',
          authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=unchecked`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const arn = (JSON.parse(text || '{}') as { KeyMetadata?: { Arn?: string } }).KeyMetadata
            ?.Arn;
          if (res.statusCode === 200 && arn !== undefined) resolve(arn);
          else reject(new Error(`moto's KMS CreateKey answered ${res.statusCode}: ${text}`));
        });
      },
    );
    req.once('timeout', () => req.destroy(new Error("moto's KMS CreateKey timed out")));
    req.once('error', reject);
    req.end(body);
  });
}

/** A command that waits for input: its output so far, a line to send, and a bounded life. */
interface Interactive {
  readonly exited: Promise<CommandResult>;
  output(): string;
  running(): boolean;
  /** Resolves once `text` is in the output; rejects if the command ends or `timeoutMs` passes first. */
  waitFor(text: string, timeoutMs: number): Promise<void>;
  answer(line: string): void;
  /** Kills the command and everything it started (by PID), and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Starts a command with its standard input a pipe, killed with its process
 * tree after `timeoutMs` as run-command's are. Never rejects: `exited`
 * resolves with the exit code, or null when it was killed.
 */
function startInteractive(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Interactive {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    changed();
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    changed();
  });
  // An answer written after the command ended must not crash the test run.
  child.stdin.on('error', () => undefined);

  let timedOut = false;
  let ended = false;
  const kill = () => {
    if (!ended && child.pid !== undefined) killTree(child.pid);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs);
  const exited = new Promise<CommandResult>((resolve) => {
    const finish = (code: number | null, failure?: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      changed();
      resolve({ code, stdout, stderr: stderr || (failure ?? ''), timedOut });
    };
    child.once('error', (error) => finish(null, error.message));
    child.once('close', (code) => finish(code));
  });

  return {
    exited,
    output: () => stdout + stderr,
    running: () => !ended,
    waitFor(text, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if ((stdout + stderr).includes(text)) done(resolve);
          else if (ended)
            done(() => reject(new Error(`ended before "${text}":\n${stdout}${stderr}`)));
        };
        const deadline = setTimeout(
          () =>
            done(() =>
              reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${stdout}${stderr}`)),
            ),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(deadline);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    answer(line) {
      child.stdin.end(`${line}\n`);
    },
    async stop() {
      kill();
      await exited;
    },
  };
}
