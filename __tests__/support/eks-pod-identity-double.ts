import { randomBytes, randomUUID } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  OutgoingHttpHeaders,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { DescribeClusterCommand, EKSClient, ResourceNotFoundException } from '@aws-sdk/client-eks';
import { GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * A test-only stand-in for the EKS Pod Identity API, because moto (5.2) does
 * not implement it. Point the AWS provider's or SDK's EKS endpoint here
 * (`AWS_ENDPOINT_URL_EKS`); every request that is not Pod Identity is passed
 * to moto unchanged (its Host header and body bytes too, so moto's SigV4
 * check still holds when its auth is on). Clusters and roles live in moto and
 * are looked up there, so a refusal means what it would mean on AWS.
 *
 * Not modelled: ownerArn (add-on owned associations), condition keys and
 * Deny statements in trust policies, checking that a targetRoleArn exists,
 * comparing the parameters of a repeated clientRequestToken.
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
}

export interface PodIdentityAssociation {
  readonly associationArn: string;
  readonly associationId: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly disableSessionTags: boolean;
  readonly targetRoleArn?: string;
  readonly externalId?: string;
  /** Epoch seconds, as the REST-JSON protocol sends timestamps. */
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface EksPodIdentityDouble {
  readonly endpoint: string;
  stop(): Promise<void>;
  /** A snapshot of the associations that exist now, in creation order. */
  associations(): readonly PodIdentityAssociation[];
}

type ErrorType =
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'ResourceNotFoundException'
  | 'ResourceInUseException'
  | 'BadRequestException'
  | 'NotFoundException'
  | 'ServerException';

const STATUS: Record<ErrorType, number> = {
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  ResourceNotFoundException: 404,
  ResourceInUseException: 409,
  BadRequestException: 400,
  NotFoundException: 404,
  ServerException: 500,
};

/** An EKS error as the REST-JSON protocol sends it: `x-amzn-errortype` plus `{"message"}`. */
class EksError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
  }
}

/** An association and the double's bookkeeping, which never goes on the wire. */
interface Stored {
  readonly association: PodIdentityAssociation;
  readonly region: string;
  /** Creation order; list pagination tokens point at it. */
  readonly seq: number;
}

type Json = Record<string, unknown>;

const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
const REQUIRED_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/;
const ASSOCIATION_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:podidentityassociation\//;
const MAX_BODY_BYTES = 1 << 20;

export async function startEksPodIdentityDouble(
  options: EksPodIdentityDoubleOptions,
): Promise<EksPodIdentityDouble> {
  const defaultRegion = options.region ?? 'us-east-1';
  const clientConfig = (region: string) => ({
    endpoint: options.motoEndpoint,
    region,
    credentials: options.credentials ?? { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 2,
  });
  // The account goes into association ARNs; moto answers for the access key used.
  const sts = new STSClient(clientConfig(defaultRegion));
  const identity = await sts
    .send(new GetCallerIdentityCommand({}))
    .catch((error: unknown) => {
      throw new Error(`the EKS Pod Identity double could not ask moto for its account: ${error}`);
    })
    .finally(() => sts.destroy());
  const account = identity.Account ?? '123456789012';
  const eksClients = new Map<string, EKSClient>();
  const eks = (region: string): EKSClient => {
    const client = eksClients.get(region) ?? new EKSClient(clientConfig(region));
    eksClients.set(region, client);
    return client;
  };
  const iam = new IAMClient(clientConfig(defaultRegion));

  const store = new Map<string, Stored>();
  const byClientToken = new Map<string, string>();
  let seq = 0;

  async function requireCluster(region: string, name: string): Promise<void> {
    try {
      await eks(region).send(new DescribeClusterCommand({ name }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        throw new EksError('ResourceNotFoundException', `No cluster found for name: ${name}.`);
      }
      throw new EksError(
        'ServerException',
        `the double could not look the cluster up in moto: ${error}`,
      );
    }
  }

  /** EKS checks the role exists and that its trust policy lets Pod Identity assume and tag it. */
  async function requirePodIdentityRole(roleArn: string): Promise<void> {
    const name = ROLE_ARN.exec(roleArn)?.[1];
    if (name === undefined) {
      throw new EksError(
        'InvalidParameterException',
        `The roleArn ${roleArn} is not a valid IAM role ARN.`,
      );
    }
    const role = await iam.send(new GetRoleCommand({ RoleName: name })).then(
      (output) => output.Role,
      (error: unknown) => {
        if (error instanceof NoSuchEntityException) return undefined;
        throw new EksError(
          'ServerException',
          `the double could not look the role up in moto: ${error}`,
        );
      },
    );
    // A role of that name in another account or under another path is not this role.
    if (role?.Arn !== roleArn) {
      // The AWS provider retries on this text for two minutes (IAM eventual consistency).
      throw new EksError(
        'InvalidParameterException',
        'Role provided in the request does not exist.',
      );
    }
    if (!trustsPodIdentity(role.AssumeRolePolicyDocument)) {
      throw new EksError(
        'InvalidParameterException',
        `Trust policy of the role provided is invalid. The role ${roleArn} must allow the service ` +
          `principal ${POD_IDENTITY_PRINCIPAL} the actions ${REQUIRED_ACTIONS.join(' and ')}.`,
      );
    }
  }

  function find(region: string, clusterName: string, associationId: string): Stored {
    if (associationId.length !== 19) {
      // Real EKS's wording.
      throw new EksError(
        'InvalidParameterException',
        'The parameter associationId should be 19 characters long.',
      );
    }
    const found = store.get(associationId);
    if (found?.association.clusterName !== clusterName || found.region !== region) {
      throw new EksError(
        'ResourceNotFoundException',
        `No Pod Identity association found for id: ${associationId} in cluster: ${clusterName}.`,
      );
    }
    return found;
  }

  async function create(region: string, clusterName: string, body: Json): Promise<Json> {
    const namespace = requiredString(body, 'namespace');
    const serviceAccount = requiredString(body, 'serviceAccount');
    const roleArn = requiredString(body, 'roleArn');
    const token = optionalString(body, 'clientRequestToken');
    const tags = tagsOf(body.tags, 'InvalidParameterException') ?? {};
    await requireCluster(region, clusterName);
    // A retried request (same token) gets the association it created.
    const earlier = token === undefined ? undefined : store.get(byClientToken.get(token) ?? '');
    if (earlier !== undefined) return { association: earlier.association };
    if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
      throw new EksError(
        'InvalidParameterException',
        `Invalid namespace "${namespace}": a Kubernetes namespace must be a DNS-1123 label, at most ` +
          '63 lowercase letters, digits or "-", starting and ending with a letter or digit.',
      );
    }
    if (serviceAccount.length > 253 || !DNS1123_SUBDOMAIN.test(serviceAccount)) {
      throw new EksError(
        'InvalidParameterException',
        `Invalid service account "${serviceAccount}": a Kubernetes service account name must be a ` +
          'DNS-1123 subdomain, at most 253 lowercase letters, digits, "-" or ".", each dot-separated ' +
          'part starting and ending with a letter or digit.',
      );
    }
    await requirePodIdentityRole(roleArn);
    for (const { association: other, region: otherRegion } of store.values()) {
      const samePair = other.namespace === namespace && other.serviceAccount === serviceAccount;
      if (samePair && other.clusterName === clusterName && otherRegion === region) {
        // Real EKS's wording (409).
        throw new EksError(
          'ResourceInUseException',
          `Association already exists: ${other.associationId}`,
        );
      }
    }
    const associationId = `a-${randomId(17)}`;
    const targetRoleArn = optionalString(body, 'targetRoleArn');
    const now = Date.now() / 1000;
    const association: PodIdentityAssociation = {
      associationArn: `arn:aws:eks:${region}:${account}:podidentityassociation/${clusterName}/${associationId}`,
      associationId,
      clusterName,
      namespace,
      serviceAccount,
      roleArn,
      disableSessionTags: optionalBoolean(body, 'disableSessionTags') ?? false,
      ...(targetRoleArn !== undefined && { targetRoleArn, externalId: randomUUID() }),
      createdAt: now,
      modifiedAt: now,
      tags,
    };
    store.set(associationId, { association, region, seq: seq++ });
    if (token !== undefined) byClientToken.set(token, associationId);
    return { association };
  }

  async function update(
    region: string,
    clusterName: string,
    id: string,
    body: Json,
  ): Promise<Json> {
    await requireCluster(region, clusterName);
    const stored = find(region, clusterName, id);
    const current = stored.association;
    const roleArn = optionalString(body, 'roleArn');
    if (roleArn !== undefined) await requirePodIdentityRole(roleArn);
    const targetRoleArn = optionalString(body, 'targetRoleArn');
    const association: PodIdentityAssociation = {
      ...current,
      ...(roleArn !== undefined && { roleArn }),
      disableSessionTags: optionalBoolean(body, 'disableSessionTags') ?? current.disableSessionTags,
      ...(targetRoleArn !== undefined && {
        targetRoleArn,
        externalId: current.externalId ?? randomUUID(),
      }),
      modifiedAt: Date.now() / 1000,
    };
    store.set(id, { ...stored, association });
    return { association };
  }

  async function list(region: string, clusterName: string, query: URLSearchParams): Promise<Json> {
    await requireCluster(region, clusterName);
    const maxResults = Number(query.get('maxResults') ?? 100);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      throw new EksError(
        'InvalidParameterException',
        'maxResults must be a whole number from 1 to 100.',
      );
    }
    const token = query.get('nextToken');
    const from = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(from) || from < 0) {
      throw new EksError(
        'InvalidParameterException',
        'The nextToken is not one this API returned.',
      );
    }
    const namespace = query.get('namespace');
    const serviceAccount = query.get('serviceAccount');
    const matching = [...store.values()].filter(
      ({ association: a, ...at }) =>
        at.region === region &&
        a.clusterName === clusterName &&
        at.seq >= from &&
        (namespace === null || a.namespace === namespace) &&
        (serviceAccount === null || a.serviceAccount === serviceAccount),
    );
    const page = matching.slice(0, maxResults);
    const next = matching[maxResults];
    return {
      associations: page.map(({ association: a }) => ({
        clusterName: a.clusterName,
        namespace: a.namespace,
        serviceAccount: a.serviceAccount,
        associationArn: a.associationArn,
        associationId: a.associationId,
      })),
      ...(next !== undefined && { nextToken: Buffer.from(String(next.seq)).toString('base64url') }),
    };
  }

  /** TagResource / UntagResource / ListTagsForResource on an association ARN. */
  function tagging(method: string, arn: string, query: URLSearchParams, body: Json): Json {
    const found = [...store.values()].find((s) => s.association.associationArn === arn);
    if (found === undefined) throw new EksError('NotFoundException', `Resource not found: ${arn}`);
    const current = found.association;
    if (method === 'GET') return { tags: current.tags };
    let tags: Record<string, string>;
    if (method === 'POST') {
      const added = tagsOf(body.tags, 'BadRequestException');
      if (added === undefined) throw new EksError('BadRequestException', 'tags is required.');
      tags = { ...current.tags, ...added };
      if (Object.keys(tags).length > 50) {
        throw new EksError('BadRequestException', 'A resource can have at most 50 tags.');
      }
    } else {
      const keys = query.getAll('tagKeys');
      if (keys.length === 0) throw new EksError('BadRequestException', 'tagKeys is required.');
      tags = Object.fromEntries(
        Object.entries(current.tags).filter(([key]) => !keys.includes(key)),
      );
    }
    store.set(current.associationId, { ...found, association: { ...current, tags } });
    return {};
  }

  /** The Pod Identity answer for this request, or undefined to pass it to moto. */
  function route(req: IncomingMessage): ((body: Json) => Promise<Json> | Json) | undefined {
    const url = new URL(req.url ?? '/', 'http://double');
    const parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p));
    const method = req.method ?? 'GET';
    const region = signingRegion(req) ?? defaultRegion;
    if (parts[0] === 'clusters' && parts[2] === 'pod-identity-associations') {
      const [, cluster, , id] = parts;
      if (cluster === undefined || parts.length > 4) return undefined;
      if (id === undefined) {
        if (method === 'POST') return (body) => create(region, cluster, body);
        if (method === 'GET') return () => list(region, cluster, url.searchParams);
        return undefined;
      }
      if (method === 'GET') {
        return async () => {
          await requireCluster(region, cluster);
          return { association: find(region, cluster, id).association };
        };
      }
      if (method === 'POST') return (body) => update(region, cluster, id, body);
      if (method === 'DELETE') {
        return async () => {
          await requireCluster(region, cluster);
          const gone = find(region, cluster, id);
          store.delete(id);
          return { association: gone.association };
        };
      }
      return undefined;
    }
    // The ARN is one percent-encoded path label; tolerate clients that leave its "/" bare.
    const arn = parts.slice(1).join('/');
    if (
      parts[0] === 'tags' &&
      ASSOCIATION_ARN.test(arn) &&
      ['GET', 'POST', 'DELETE'].includes(method)
    ) {
      return (body) => tagging(method, arn, url.searchParams, body);
    }
    return undefined;
  }

  const server = createServer((req, res) => {
    let handler: ReturnType<typeof route>;
    try {
      handler = route(req);
    } catch {
      // decodeURIComponent on a malformed path: let moto answer it as it would.
      handler = undefined;
    }
    if (handler === undefined) {
      passThrough(options.motoEndpoint, req, res);
      return;
    }
    const answer = handler;
    readJson(req)
      .then((body) => answer(body))
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
    stop: () =>
      (stopping ??= close(server).finally(() => {
        for (const client of [...eksClients.values(), iam]) client.destroy();
      })),
    associations: () =>
      [...store.values()].map(({ association }) => ({
        ...association,
        tags: { ...association.tags },
      })),
  };
}

/** The region from a SigV4 `Authorization` header's credential scope, if any. */
function signingRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * Whether the trust policy allows the Pod Identity principal both actions.
 * Allow statements for that principal are pooled, so the actions may be split
 * across statements; conditions are not evaluated.
 */
function trustsPodIdentity(document: string | undefined): boolean {
  if (document === undefined) return false;
  let policy: unknown;
  try {
    // IAM returns the document URL-encoded; moto does too.
    policy = JSON.parse(decodeURIComponent(document));
  } catch {
    return false;
  }
  if (!isJson(policy)) return false;
  const allowed = new Set<string>();
  for (const statement of asArray(policy.Statement)) {
    if (!isJson(statement) || statement.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    const services =
      principal === '*' ? ['*'] : isJson(principal) ? asArray(principal.Service) : [];
    if (!services.some((s) => s === POD_IDENTITY_PRINCIPAL || s === '*')) continue;
    for (const action of asArray(statement.Action)) {
      if (typeof action === 'string') allowed.add(action.toLowerCase());
    }
  }
  const covers = (action: string) =>
    allowed.has('*') || allowed.has('sts:*') || allowed.has(action.toLowerCase());
  return REQUIRED_ACTIONS.every(covers);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredString(body: Json, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value === '') {
    throw new EksError('InvalidParameterException', `${key} is required.`);
  }
  return value;
}

function optionalString(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new EksError('InvalidParameterException', `${key} must be a string.`);
  return value;
}

function optionalBoolean(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new EksError('InvalidParameterException', `${key} must be a boolean.`);
  return value;
}

/** Tags within EKS's documented limits: ≤ 50, keys 1-128 characters, values ≤ 256, no `aws:` keys. */
function tagsOf(value: unknown, type: ErrorType): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJson(value)) throw new EksError(type, 'tags must be a map of strings.');
  const entries = Object.entries(value);
  if (entries.length > 50) throw new EksError(type, 'A resource can have at most 50 tags.');
  for (const [key, tagValue] of entries) {
    if (typeof tagValue !== 'string')
      throw new EksError(type, `The value of tag "${key}" must be a string.`);
    if (key.length < 1 || key.length > 128)
      throw new EksError(type, `Tag key "${key}" must be 1-128 characters.`);
    if (tagValue.length > 256)
      throw new EksError(type, `The value of tag "${key}" is over 256 characters.`);
    if (key.toLowerCase().startsWith('aws:'))
      throw new EksError(type, `Tag key "${key}" uses the reserved prefix aws:.`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** `a-` ids use 17 lowercase letters and digits, like EKS's. */
function randomId(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function readJson(req: IncomingMessage): Promise<Json> {
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

function send(res: ServerResponse, status: number, body: Json, errorType?: ErrorType): void {
  const text = JSON.stringify(body);
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
  };
  res.writeHead(status, headers);
  res.end(text);
}

/** Streams the request to moto as it came (method, path, query, headers, body) and moto's answer back. */
function passThrough(motoEndpoint: string, req: IncomingMessage, res: ServerResponse): void {
  const upstream = httpRequest(
    new URL(req.url ?? '/', motoEndpoint),
    { method: req.method, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
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
