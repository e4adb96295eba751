import { randomUUID } from 'node:crypto';
import {
  createServer,
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { DescribeClusterCommand, EKSClient, ResourceNotFoundException } from '@aws-sdk/client-eks';
import {
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describeAddonVersions, EksAddon, Stores } from './addons';
import { PodIdentityAssociation } from './associations';
import { isJson, Json, Lookups, roleNameOf } from './checks';
import { EksError, ErrorType } from './errors';
import { FaultInjector, FaultOptions } from './faults';
import {
  MAX_OBSERVED_BODY_BYTES,
  mayBeIamChange,
  PassedRequest,
  RoleChange,
} from './iam-observation';
import { DoubleState } from './state';
import { answerTagging, isDoubleArn, tagOperationOf } from './tagging';
import { RoleState, TimelineRecorder } from './timeline';

/**
 * A test-only stand-in for the EKS Pod Identity and add-on APIs, because moto
 * (5.2) implements neither. Point the AWS provider's or SDK's EKS endpoint
 * here (`AWS_ENDPOINT_URL_EKS`); every other request is passed to moto
 * unchanged (its Host header and body bytes too, so moto's SigV4 check still
 * holds when its auth is on). Clusters and roles live in moto and are looked
 * up there, so a refusal means what it would mean on AWS.
 *
 * This module is the HTTP side: it listens on 127.0.0.1, reads a request's
 * region from its SigV4 credential scope, routes it to an operation of
 * associations.ts, addons.ts or tagging.ts (checks.ts holds what they check,
 * answered from moto through `Lookups`), and sends the answer or error as
 * EKS's REST-JSON protocol does. The module of each API says what of it is
 * and is not modelled.
 *
 * For the "day two" tests, pointed at by `AWS_ENDPOINT_URL` too, it sees
 * every request: it notes IAM's role changes as they pass to moto
 * (iam-observation.ts), records when each watched service account has
 * working credentials (`timeline`, timeline.ts), and can answer with EKS's
 * throttling and server errors or as if IAM had not propagated a new role
 * yet (`faults`, faults.ts). `reset()` makes it as new between cases.
 *
 * Not modelled: what deleting a cluster in moto does to its add-ons and
 * associations (nothing, here).
 */
export interface EksPodIdentityDoubleOptions {
  readonly motoEndpoint: string;
  /** Region for requests that carry no SigV4 credential scope (default us-east-1). */
  readonly region?: string;
  /**
   * Credentials for the double's own look-ups in moto (default testing/testing).
   * Once moto enforces auth these must be an IAM user's that may call
   * eks:DescribeCluster and iam:GetRole; each look-up is one moto request.
   */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** How long an add-on stays CREATING, UPDATING or DELETING, in ms (default 1000). */
  readonly addonTransitionMs?: number;
  /** The double's clock, epoch ms (default `Date.now`): a test can pass one it moves itself. */
  readonly now?: () => number;
  /**
   * A monotonic clock in ms, for the timeline and IAM propagation.
   * @default - `performance.now`
   */
  readonly monotonicNow?: () => number;
  /** Faults to start with (`faults.configure` changes them). @default - none */
  readonly faults?: FaultOptions;
  /**
   * The account in ARNs.
   * @default - the account moto answers GetCallerIdentity with, for the double's credentials
   */
  readonly account?: string;
}

export interface EksPodIdentityDouble {
  readonly endpoint: string;
  stop(): Promise<void>;
  /** A snapshot of the associations that exist now, in creation order. */
  associations(): readonly PodIdentityAssociation[];
  /** A snapshot of the add-ons that exist now (DELETING ones too), in creation order. */
  addons(): readonly EksAddon[];
  /** The operations the double answered itself (not moto), in order, by API name. */
  operations(): readonly string[];
  /** The IAM role changes seen passing to moto (CreateRole, UpdateAssumeRolePolicy, DeleteRole), in order. */
  iamChanges(): readonly RoleChange[];
  /** The credential timeline: `start(watched, initial?)`, then `stop()` for the report. */
  readonly timeline: Pick<TimelineRecorder, 'start' | 'stop' | 'recording'>;
  /** The faults: `configure(options)` and `summary()` of those injected. */
  readonly faults: Pick<FaultInjector, 'configure' | 'summary'>;
  /**
   * As new: no associations, add-ons, operations, role changes, recording
   * or fault counts, and the faults of the options (or those given). moto is
   * not touched (its own reset is `MotoServer.reset`). Not while requests are
   * under way.
   */
  reset(faults?: FaultOptions): void;
}

/** The HTTP status EKS sends with each error type. */
const STATUS: Readonly<Record<ErrorType, number>> = {
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  ResourceNotFoundException: 404,
  ResourceInUseException: 409,
  BadRequestException: 400,
  NotFoundException: 404,
  ServerException: 500,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
};

const MAX_BODY_BYTES = 1 << 20;

/** What the double answers a request with, by the API operation's name. */
export interface Handler {
  readonly operation: string;
  readonly answer: (body: Json) => Promise<Json> | Json;
}

/** A request as the route table sees it: the rest of it is the operation's to read. */
export interface RouteRequest {
  readonly method: string;
  readonly url: URL;
  /** The request's region, from its signature or the double's default. */
  readonly region: string;
}

export async function startEksPodIdentityDouble(
  options: EksPodIdentityDoubleOptions,
): Promise<EksPodIdentityDouble> {
  const defaultRegion = options.region ?? 'us-east-1';
  const account = options.account ?? (await motoAccount(options, defaultRegion));
  const lookups = new MotoLookups(options, defaultRegion);
  const state = new DoubleState({
    account,
    clock: options.now ?? Date.now,
    monotonicClock: options.monotonicNow ?? (() => performance.now()),
    addonTransitionMs: options.addonTransitionMs ?? 1000,
    lookups,
    listRoles: () => lookups.listRoles(),
    faults: options.faults,
  });

  const server = createServer((req, res) => {
    let handler: Handler | undefined;
    try {
      handler = route(
        {
          method: req.method ?? 'GET',
          url: new URL(req.url ?? '/', 'http://double'),
          region: signingRegion(req.headers) ?? defaultRegion,
        },
        state.stores,
      );
    } catch {
      // decodeURIComponent on a malformed path: let moto answer it as it would.
      handler = undefined;
    }
    if (handler === undefined) {
      passThrough(options.motoEndpoint, req, res, (passed) => state.observe(passed));
      return;
    }
    const { operation, answer } = handler;
    state.noteAnswered(operation);
    const fault = state.faults.draw(operation);
    if (fault !== undefined) {
      // Refused before it is read, as EKS's front end refuses it: nothing changes.
      req.resume();
      send(res, fault.status, { message: fault.message }, fault.type);
      return;
    }
    readJson(req)
      .then((body) => state.within(operation, () => answer(body)))
      .then(
        (result) => send(res, 200, result),
        (error: unknown) => {
          const eksError =
            error instanceof EksError
              ? error
              : new EksError('ServerException', `double failed: ${error}`);
          send(res, STATUS[eksError.type], { message: eksError.message }, eksError.type);
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('double has no port');
  let stopping: Promise<void> | undefined;

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    // Safe to call twice (an afterAll after a failed test, say).
    stop: () => (stopping ??= close(server).finally(() => lookups.destroy())),
    associations: () => state.stores.associations.snapshot(),
    addons: () => state.stores.addons.snapshot(),
    operations: () => state.operations(),
    iamChanges: () => state.iamChanges(),
    timeline: {
      start: (watched, initial) => state.timeline.start(watched, initial),
      stop: () => {
        // An add-on that has finished deleting takes its associations now, inside the recording.
        state.stores.associations.snapshot();
        return state.timeline.stop();
      },
      get recording() {
        return state.timeline.recording;
      },
    },
    faults: {
      configure: (faults) => state.faults.configure(faults),
      summary: () => state.faults.summary(),
    },
    reset: (faults) => state.reset(faults),
  };
}

/**
 * The route table: the operation the double answers this request with, or
 * undefined to pass it to moto. Throws on a malformed percent-encoding in
 * the path (the caller passes such a request to moto too).
 */
export function route(request: RouteRequest, stores: Stores): Handler | undefined {
  const { method, url, region } = request;
  const { associations, addons } = stores;
  const parts = url.pathname
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
  if (parts[0] === 'clusters' && parts[2] === 'pod-identity-associations') {
    const [, cluster, , id] = parts;
    if (cluster === undefined || parts.length > 4) return undefined;
    if (id === undefined) {
      if (method === 'POST')
        return op('CreatePodIdentityAssociation', (body) =>
          associations.create(region, cluster, body),
        );
      if (method === 'GET')
        return op('ListPodIdentityAssociations', () =>
          associations.list(region, cluster, url.searchParams),
        );
      return undefined;
    }
    if (method === 'GET')
      return op('DescribePodIdentityAssociation', () => associations.describe(region, cluster, id));
    if (method === 'POST')
      return op('UpdatePodIdentityAssociation', (body) =>
        associations.update(region, cluster, id, body),
      );
    if (method === 'DELETE')
      return op('DeletePodIdentityAssociation', () => associations.delete(region, cluster, id));
    return undefined;
  }
  if (parts[0] === 'clusters' && parts[2] === 'addons') {
    return addonRoute(method, region, parts, url.searchParams, stores);
  }
  // DescribeUpdate of an add-on's update; a cluster's or node group's goes to moto.
  const addonName = url.searchParams.get('addonName');
  if (
    parts[0] === 'clusters' &&
    parts[2] === 'updates' &&
    parts.length === 4 &&
    method === 'GET' &&
    addonName !== null
  ) {
    const [, cluster, , updateId] = parts;
    return op('DescribeUpdate', () => addons.describeUpdate(region, cluster, addonName, updateId));
  }
  if (parts[0] === 'addons' && parts[1] === 'supported-versions' && parts.length === 2) {
    return method === 'GET'
      ? op('DescribeAddonVersions', () => describeAddonVersions(url.searchParams))
      : undefined;
  }
  // The ARN is one percent-encoded path label; tolerate clients that leave its "/" bare.
  const arn = parts.slice(1).join('/');
  const tagOperation = tagOperationOf(method);
  if (parts[0] === 'tags' && isDoubleArn(arn) && tagOperation !== undefined) {
    return op(tagOperation, (body) =>
      answerTagging([associations, addons], tagOperation, arn, url.searchParams, body),
    );
  }
  return undefined;
}

/** `/clusters/{name}/addons[/{addonName}[/update]]`. */
function addonRoute(
  method: string,
  region: string,
  parts: readonly string[],
  query: URLSearchParams,
  { addons }: Stores,
): Handler | undefined {
  const [, cluster, , name, action] = parts;
  if (parts.length === 3) {
    if (method === 'POST') return op('CreateAddon', (body) => addons.create(region, cluster, body));
    if (method === 'GET') return op('ListAddons', () => addons.list(region, cluster, query));
    return undefined;
  }
  if (parts.length === 4) {
    if (method === 'GET') return op('DescribeAddon', () => addons.describe(region, cluster, name));
    if (method === 'DELETE')
      return op('DeleteAddon', () =>
        addons.delete(region, cluster, name, query.get('preserve') === 'true'),
      );
    return undefined;
  }
  if (parts.length === 5 && action === 'update' && method === 'POST') {
    return op('UpdateAddon', (body) => addons.update(region, cluster, name, body));
  }
  return undefined;
}

function op(operation: string, answer: Handler['answer']): Handler {
  return { operation, answer };
}

/** The account that goes into ARNs: moto answers for the access key the double uses. */
async function motoAccount(options: EksPodIdentityDoubleOptions, region: string): Promise<string> {
  const sts = new STSClient(motoClientConfig(options, region));
  const identity = await sts
    .send(new GetCallerIdentityCommand({}))
    .catch((error: unknown) => {
      throw new Error(`the EKS Pod Identity double could not ask moto for its account: ${error}`);
    })
    .finally(() => sts.destroy());
  return identity.Account ?? '123456789012';
}

function motoClientConfig(options: EksPodIdentityDoubleOptions, region: string) {
  return {
    endpoint: options.motoEndpoint,
    region,
    credentials: options.credentials ?? { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 2,
  };
}

/** The checks' look-ups, each one request to moto; one EKS client per region, kept until stop. */
class MotoLookups implements Lookups {
  private readonly eksClients = new Map<string, EKSClient>();
  private readonly iam: IAMClient;

  constructor(
    private readonly options: EksPodIdentityDoubleOptions,
    defaultRegion: string,
  ) {
    this.iam = new IAMClient(motoClientConfig(options, defaultRegion));
  }

  async clusterVersion(region: string, name: string): Promise<string | undefined> {
    try {
      const { cluster } = await this.eks(region).send(new DescribeClusterCommand({ name }));
      return cluster?.version ?? '';
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async roleTrustPolicy(roleArn: string): Promise<string | undefined> {
    const name = roleNameOf(roleArn);
    if (name === undefined) return undefined;
    const role = await this.iam.send(new GetRoleCommand({ RoleName: name })).then(
      (output) => output.Role,
      (error: unknown) => {
        if (error instanceof NoSuchEntityException) return undefined;
        throw error;
      },
    );
    // A role of that name in another account or under another path is not this role.
    return role?.Arn === roleArn ? (role.AssumeRolePolicyDocument ?? '') : undefined;
  }

  /** Every role, with its trust policy decoded (the timeline's start). */
  async listRoles(): Promise<RoleState[]> {
    const roles: RoleState[] = [];
    let marker: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await this.iam.send(new ListRolesCommand({ Marker: marker }));
      for (const role of page.Roles ?? []) {
        if (role.Arn === undefined) continue;
        roles.push({
          roleArn: role.Arn,
          trustPolicy: decodeURIComponent(role.AssumeRolePolicyDocument ?? ''),
        });
      }
      marker = page.IsTruncated === true ? page.Marker : undefined;
      if (marker === undefined) return roles;
    }
    throw new Error('moto listed more than 1000 pages of roles');
  }

  destroy(): void {
    for (const client of [...this.eksClients.values(), this.iam]) client.destroy();
  }

  private eks(region: string): EKSClient {
    const client =
      this.eksClients.get(region) ?? new EKSClient(motoClientConfig(this.options, region));
    this.eksClients.set(region, client);
    return client;
  }
}

/** The region from a SigV4 `Authorization` header's credential scope, if any. */
export function signingRegion(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(headers.authorization ?? '')?.[1];
}

/**
 * The request body as a JSON object: {} when empty, an InvalidRequestException
 * when over 1 MiB, not JSON, or not an object.
 */
export function readJson(req: Readable): Promise<Json> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(new EksError('InvalidRequestException', 'The request body is too large.'));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') {
        resolve({});
        return;
      }
      try {
        const parsed: unknown = JSON.parse(text);
        if (isJson(parsed)) resolve(parsed);
        else
          reject(
            new EksError('InvalidRequestException', 'The request body must be a JSON object.'),
          );
      } catch {
        reject(new EksError('InvalidRequestException', 'The request body is not valid JSON.'));
      }
    });
  });
}

/** An answer as EKS sends it; an error carries its type in `x-amzn-ErrorType`. */
function send(res: ServerResponse, status: number, body: Json, errorType?: ErrorType): void {
  const text = JSON.stringify(body);
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType !== undefined && { 'x-amzn-ErrorType': errorType }),
  };
  res.writeHead(status, headers);
  res.end(text);
}

/**
 * Streams the request to moto as it came (method, path, query, headers, body)
 * and moto's answer back. A request that may be an IAM change has its body
 * copied as it streams past, and is handed to `observe` with moto's status
 * before the answer goes back, so the change is noted before the caller
 * learns it was made.
 */
function passThrough(
  motoEndpoint: string,
  req: IncomingMessage,
  res: ServerResponse,
  observe: (request: PassedRequest) => void,
): void {
  const method = req.method ?? 'GET';
  const copied: Buffer[] | undefined = mayBeIamChange(method, req.headers) ? [] : undefined;
  let size = 0;
  if (copied !== undefined) {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OBSERVED_BODY_BYTES) copied.push(chunk);
    });
  }
  const ended = new Promise<void>((resolve) => {
    if (req.readableEnded) resolve();
    else req.once('end', resolve);
  });
  const upstream = httpRequest(
    new URL(req.url ?? '/', motoEndpoint),
    { method: req.method, headers: req.headers },
    (answer) => {
      const status = answer.statusCode ?? 502;
      const forward = () => {
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      };
      if (copied === undefined) {
        forward();
        return;
      }
      void ended.then(() => {
        const body = size <= MAX_OBSERVED_BODY_BYTES ? Buffer.concat(copied) : undefined;
        try {
          observe({ method, url: req.url ?? '/', headers: req.headers, body, status });
        } catch (error) {
          // Seeing a request must never keep its answer from the caller.
          process.emitWarning(`the EKS double could not observe ${req.url}: ${error}`);
        }
        forward();
      });
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) res.destroy(error);
    else send(res, 502, { message: `the double could not reach moto: ${error.message}` });
  });
  req.pipe(upstream);
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from SDK clients would otherwise hold close() open.
    server.closeAllConnections();
  });
}
