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
import {
  ADDON_CATALOGUE,
  AddonFacts,
  addonFacts,
  AddonVersionFacts,
  defaultVersion,
  versionsFor,
} from './eks-addon-catalogue';

/**
 * A test-only stand-in for the EKS Pod Identity and add-on APIs, because moto
 * (5.2) implements neither. Point the AWS provider's or SDK's EKS endpoint
 * here (`AWS_ENDPOINT_URL_EKS`); every other request is passed to moto
 * unchanged (its Host header and body bytes too, so moto's SigV4 check still
 * holds when its auth is on). Clusters and roles live in moto and are looked
 * up there, so a refusal means what it would mean on AWS.
 *
 * Add-ons: the calls hashicorp/aws 5.100.0's `aws_eks_addon` resource and its
 * data sources make (CreateAddon, DescribeAddon, UpdateAddon, DeleteAddon,
 * DescribeUpdate for an add-on, DescribeAddonVersions, and tags on add-on
 * ARNs) plus ListAddons. The add-ons and versions come from the double's own
 * catalogue (`eks-addon-catalogue.ts`). An add-on's `podIdentityAssociations`
 * become associations owned by it (`ownerArn`), listed and described with the
 * user's; a new status (CREATING, UPDATING, DELETING) lasts
 * `addonTransitionMs`, then the add-on is ACTIVE (or gone).
 *
 * Not modelled: condition keys and Deny statements in trust policies,
 * checking that a targetRoleArn exists, comparing the parameters of a
 * repeated clientRequestToken, add-on configuration schemas (configuration
 * values are only checked to be a JSON object or a YAML mapping),
 * DescribeAddonConfiguration, namespaceConfig, marketplace add-ons, failed
 * or degraded add-ons (`health` always has no issues), and what deleting a
 * cluster in moto does to its add-ons and associations.
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
  /** The add-on that created the association and manages it; absent for a user's own. */
  readonly ownerArn?: string;
}

export type AddonStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';

/** An add-on as DescribeAddon sends it. */
export interface EksAddon {
  readonly addonName: string;
  readonly clusterName: string;
  readonly status: AddonStatus;
  readonly addonVersion: string;
  readonly health: { readonly issues: readonly never[] };
  readonly addonArn: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly serviceAccountRoleArn?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly publisher: string;
  readonly owner: string;
  readonly configurationValues?: string;
  /** ARNs of the associations the add-on owns. */
  readonly podIdentityAssociations: readonly string[];
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

/** What the double answers a request with, by the API operation's name. */
interface Handler {
  readonly operation: string;
  readonly answer: (body: Json) => Promise<Json> | Json;
}

function op(operation: string, answer: Handler['answer']): Handler {
  return { operation, answer };
}

const TAG_OPERATIONS: Readonly<Record<string, string>> = {
  GET: 'ListTagsForResource',
  POST: 'TagResource',
  DELETE: 'UntagResource',
};

/** An add-on and the double's bookkeeping: its status moves on at `settlesAt` (epoch ms). */
interface StoredAddon {
  readonly region: string;
  readonly seq: number;
  readonly addonName: string;
  readonly clusterName: string;
  status: AddonStatus;
  addonVersion: string;
  readonly addonArn: string;
  readonly createdAt: number;
  modifiedAt: number;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  tags: Record<string, string>;
  podIdentityAssociations: string[];
  settlesAt: number | undefined;
  /** DeleteAddon's `preserve`: the add-on's associations outlive it. */
  preserve: boolean;
  readonly updates: Map<string, AddonUpdate>;
}

/** An UpdateAddon's update: InProgress until `settlesAt`, then Successful. */
interface AddonUpdate {
  readonly id: string;
  readonly type: 'AddonUpdate';
  readonly params: readonly { type: string; value: string }[];
  readonly createdAt: number;
  readonly errors: readonly never[];
  readonly settlesAt: number;
}

const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
const REQUIRED_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/;
const ASSOCIATION_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:podidentityassociation\//;
const ADDON_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:addon\//;
const RESOLVE_CONFLICTS = ['OVERWRITE', 'NONE', 'PRESERVE'];
/** AWS's own add-ons: `publisher` and `owner` as DescribeAddon and DescribeAddonVersions send them. */
const AWS_PUBLISHER = 'eks';
const AWS_OWNER = 'aws';
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
  const clock = options.now ?? Date.now;
  const transitionMs = options.addonTransitionMs ?? 1000;
  const addons = new Map<string, StoredAddon>();
  const addonByClientToken = new Map<string, string>();
  /** The operations the double answered itself, in order. */
  const answered: string[] = [];

  /** An update as DescribeUpdate sends it; its status follows the double's clock. */
  const updateView = (update: AddonUpdate): Json => ({
    id: update.id,
    status: clock() >= update.settlesAt ? 'Successful' : 'InProgress',
    type: update.type,
    params: update.params,
    createdAt: update.createdAt,
    errors: update.errors,
  });

  /** Checks the cluster exists in moto; returns its Kubernetes version. */
  async function requireCluster(region: string, name: string): Promise<string> {
    try {
      const { cluster } = await eks(region).send(new DescribeClusterCommand({ name }));
      return cluster?.version ?? '';
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
    settle();
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
    refuseDuplicate(region, clusterName, namespace, serviceAccount);
    const targetRoleArn = optionalString(body, 'targetRoleArn');
    const association = insertAssociation(region, {
      clusterName,
      namespace,
      serviceAccount,
      roleArn,
      disableSessionTags: optionalBoolean(body, 'disableSessionTags') ?? false,
      ...(targetRoleArn !== undefined && { targetRoleArn, externalId: randomUUID() }),
      tags,
    });
    if (token !== undefined) byClientToken.set(token, association.associationId);
    return { association };
  }

  /** EKS keeps one association per namespace and service account in a cluster (409). */
  function refuseDuplicate(
    region: string,
    clusterName: string,
    namespace: string,
    serviceAccount: string,
    exceptOwner?: string,
  ): void {
    for (const { association: other, region: otherRegion } of store.values()) {
      const samePair = other.namespace === namespace && other.serviceAccount === serviceAccount;
      const replaced = exceptOwner !== undefined && other.ownerArn === exceptOwner;
      if (samePair && !replaced && other.clusterName === clusterName && otherRegion === region) {
        // Real EKS's wording (409).
        throw new EksError(
          'ResourceInUseException',
          `Association already exists: ${other.associationId}`,
        );
      }
    }
  }

  function insertAssociation(
    region: string,
    fields: Omit<
      PodIdentityAssociation,
      'associationArn' | 'associationId' | 'createdAt' | 'modifiedAt'
    >,
  ): PodIdentityAssociation {
    const associationId = `a-${randomId(17)}`;
    const now = clock() / 1000;
    const association: PodIdentityAssociation = {
      ...fields,
      associationArn: `arn:aws:eks:${region}:${account}:podidentityassociation/${fields.clusterName}/${associationId}`,
      associationId,
      createdAt: now,
      modifiedAt: now,
    };
    store.set(associationId, { association, region, seq: seq++ });
    return association;
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
      modifiedAt: clock() / 1000,
    };
    store.set(id, { ...stored, association });
    return { association };
  }

  async function list(region: string, clusterName: string, query: URLSearchParams): Promise<Json> {
    await requireCluster(region, clusterName);
    settle();
    // Tokens hold a creation sequence number, so that a page survives deletions before it.
    const { maxResults, from } = pageRequest(query);
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
        ...(a.ownerArn !== undefined && { ownerArn: a.ownerArn }),
      })),
      ...(next !== undefined && { nextToken: Buffer.from(String(next.seq)).toString('base64url') }),
    };
  }

  /** TagResource / UntagResource / ListTagsForResource on an association or add-on ARN. */
  function tagging(method: string, arn: string, query: URLSearchParams, body: Json): Json {
    settle();
    const association = [...store.values()].find((s) => s.association.associationArn === arn);
    const addon = [...addons.values()].find((a) => a.addonArn === arn);
    const current = association?.association.tags ?? addon?.tags;
    if (current === undefined)
      throw new EksError('NotFoundException', `Resource not found: ${arn}`);
    if (method === 'GET') return { tags: current };
    let tags: Record<string, string>;
    if (method === 'POST') {
      const added = tagsOf(body.tags, 'BadRequestException');
      if (added === undefined) throw new EksError('BadRequestException', 'tags is required.');
      tags = { ...current, ...added };
      if (Object.keys(tags).length > 50) {
        throw new EksError('BadRequestException', 'A resource can have at most 50 tags.');
      }
    } else {
      const keys = query.getAll('tagKeys');
      if (keys.length === 0) throw new EksError('BadRequestException', 'tagKeys is required.');
      tags = Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key)));
    }
    if (association !== undefined) {
      const { associationId } = association.association;
      store.set(associationId, {
        ...association,
        association: { ...association.association, tags },
      });
    } else if (addon !== undefined) {
      addon.tags = tags;
    }
    return {};
  }

  /**
   * Moves time on: an add-on whose CREATING or UPDATING has lasted
   * `addonTransitionMs` is ACTIVE, and one whose DELETING has is gone, with
   * the associations it owns (kept, without an owner, when deleted with
   * `preserve`). Every request and snapshot calls it first.
   */
  function settle(): void {
    const now = clock();
    for (const [key, addon] of addons) {
      if (addon.settlesAt === undefined || now < addon.settlesAt) continue;
      if (addon.status !== 'DELETING') {
        addon.status = 'ACTIVE';
        addon.settlesAt = undefined;
        continue;
      }
      addons.delete(key);
      for (const found of [...store.values()]) {
        const { association } = found;
        if (association.ownerArn !== addon.addonArn) continue;
        if (addon.preserve) {
          const { ownerArn: _owner, ...kept } = association;
          store.set(association.associationId, { ...found, association: kept });
        } else {
          store.delete(association.associationId);
        }
      }
    }
  }

  function findAddon(region: string, clusterName: string, name: string): StoredAddon {
    settle();
    const addon = addons.get(addonKey(region, clusterName, name));
    if (addon === undefined) {
      // Real EKS's wording (the EKS user guide, removing-an-add-on).
      throw new EksError(
        'ResourceNotFoundException',
        `No addon: ${name} found in cluster: ${clusterName}`,
      );
    }
    return addon;
  }

  /** The add-on, if the catalogue has it for this Kubernetes version. */
  function supportedAddon(name: string, clusterVersion: string): AddonFacts {
    const facts = addonFacts(name);
    if (facts === undefined || versionsFor(facts, clusterVersion).length === 0) {
      // Real EKS's wording (marcincuber/eks#10 quotes it for kubecost_kubecost).
      throw new EksError(
        'InvalidParameterException',
        `Addon ${name} specified is not supported in ${clusterVersion} kubernetes version`,
      );
    }
    return facts;
  }

  /** The version asked for, or the catalogue's default for the cluster's Kubernetes version. */
  function chosenVersion(
    facts: AddonFacts,
    asked: string | undefined,
    clusterVersion: string,
  ): AddonVersionFacts {
    const version =
      asked === undefined
        ? defaultVersion(facts, clusterVersion)
        : versionsFor(facts, clusterVersion).find((v) => v.version === asked);
    if (version === undefined) {
      // Real EKS's wording (hashicorp/terraform-provider-aws#32238, #33385).
      throw new EksError('InvalidParameterException', 'Addon version specified is not supported');
    }
    return version;
  }

  /**
   * The `podIdentityAssociations` of a CreateAddon or UpdateAddon, checked as
   * EKS checks them; undefined when the request has none (an update then
   * keeps the add-on's). `owner`: the add-on whose own associations these
   * replace (an update), which do not count as duplicates.
   */
  async function podIdentityRequests(
    region: string,
    clusterName: string,
    facts: AddonFacts,
    version: AddonVersionFacts,
    raw: unknown,
    owner?: string,
  ): Promise<{ serviceAccount: string; roleArn: string }[] | undefined> {
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) {
      throw new EksError('InvalidParameterException', 'podIdentityAssociations must be a list.');
    }
    if (raw.length > 0 && !version.podIdentity) {
      // Real EKS's wording (aws/containers-roadmap#2712).
      throw new EksError(
        'InvalidParameterException',
        `Pod Identity feature is not supported for addon version: ${version.version}`,
      );
    }
    const wanted = raw.map((item: unknown, index) => {
      const entry = isJson(item) ? item : {};
      const field = (key: string) => {
        const value = entry[key];
        if (typeof value !== 'string' || value === '') {
          throw new EksError(
            'InvalidParameterException',
            `podIdentityAssociations[${index}].${key} is required.`,
          );
        }
        return value;
      };
      return { serviceAccount: field('serviceAccount'), roleArn: field('roleArn') };
    });
    const seen = new Set<string>();
    for (const { serviceAccount } of wanted) {
      if (!facts.podIdentityServiceAccounts.includes(serviceAccount)) {
        // Real EKS's wording (terraform-aws-modules/terraform-aws-eks#3520).
        throw new EksError(
          'InvalidParameterException',
          `Service account ${serviceAccount} in pod identity configuration is not supported for ` +
            `addon ${facts.name}`,
        );
      }
      if (seen.has(serviceAccount)) {
        throw new EksError(
          'InvalidParameterException',
          `Service account ${serviceAccount} is in podIdentityAssociations more than once.`,
        );
      }
      seen.add(serviceAccount);
    }
    for (const { roleArn } of wanted) await requirePodIdentityRole(roleArn);
    for (const { serviceAccount } of wanted) {
      refuseDuplicate(region, clusterName, facts.namespace, serviceAccount, owner);
    }
    return wanted;
  }

  /** Creates the add-on's own associations, in its namespace; returns their ARNs. */
  function ownAssociations(
    region: string,
    clusterName: string,
    facts: AddonFacts,
    addonArn: string,
    wanted: readonly { serviceAccount: string; roleArn: string }[],
  ): string[] {
    return wanted.map(
      ({ serviceAccount, roleArn }) =>
        insertAssociation(region, {
          clusterName,
          namespace: facts.namespace,
          serviceAccount,
          roleArn,
          disableSessionTags: false,
          tags: {},
          ownerArn: addonArn,
        }).associationArn,
    );
  }

  async function createAddon(region: string, clusterName: string, body: Json): Promise<Json> {
    const name = requiredString(body, 'addonName');
    const token = optionalString(body, 'clientRequestToken');
    const clusterVersion = await requireCluster(region, clusterName);
    settle();
    // A retried request (same token) gets the add-on it created.
    const earlier = token === undefined ? undefined : addonByClientToken.get(token);
    const retried = earlier === undefined ? undefined : addons.get(earlier);
    if (retried !== undefined) return { addon: addonView(retried) };
    const key = addonKey(region, clusterName, name);
    if (addons.has(key)) {
      // Real EKS's wording (409; aws/eks-hybrid#316).
      throw new EksError('ResourceInUseException', 'Addon already exists.');
    }
    const facts = supportedAddon(name, clusterVersion);
    const version = chosenVersion(facts, optionalString(body, 'addonVersion'), clusterVersion);
    resolveConflictsOf(body);
    const configurationValues = configurationValuesOf(body);
    const serviceAccountRoleArn = serviceAccountRoleArnOf(body);
    const tags = tagsOf(body.tags, 'InvalidParameterException') ?? {};
    const wanted = await podIdentityRequests(
      region,
      clusterName,
      facts,
      version,
      body.podIdentityAssociations,
    );
    // An ARN like the EKS user guide's: addon/<cluster>/<name>/<uuid>.
    const addonArn = `arn:aws:eks:${region}:${account}:addon/${clusterName}/${name}/${randomUUID()}`;
    const now = clock();
    const addon: StoredAddon = {
      region,
      seq: seq++,
      addonName: name,
      clusterName,
      status: 'CREATING',
      addonVersion: version.version,
      addonArn,
      createdAt: now / 1000,
      modifiedAt: now / 1000,
      ...(serviceAccountRoleArn !== undefined &&
        serviceAccountRoleArn !== '' && { serviceAccountRoleArn }),
      ...(configurationValues !== undefined &&
        configurationValues !== '' && { configurationValues }),
      tags,
      podIdentityAssociations: ownAssociations(region, clusterName, facts, addonArn, wanted ?? []),
      settlesAt: now + transitionMs,
      preserve: false,
      updates: new Map(),
    };
    addons.set(key, addon);
    if (token !== undefined) addonByClientToken.set(token, key);
    return { addon: addonView(addon) };
  }

  async function updateAddon(
    region: string,
    clusterName: string,
    name: string,
    body: Json,
  ): Promise<Json> {
    const clusterVersion = await requireCluster(region, clusterName);
    const addon = findAddon(region, clusterName, name);
    if (addon.status !== 'ACTIVE') {
      throw new EksError(
        'InvalidRequestException',
        `Addon ${name} is ${addon.status}; it can be updated once it is ACTIVE.`,
      );
    }
    const facts = supportedAddon(name, clusterVersion);
    const askedVersion = optionalString(body, 'addonVersion');
    const version = chosenVersion(facts, askedVersion ?? addon.addonVersion, clusterVersion);
    const resolveConflicts = resolveConflictsOf(body);
    const configurationValues = configurationValuesOf(body);
    const serviceAccountRoleArn = serviceAccountRoleArnOf(body);
    const wanted = await podIdentityRequests(
      region,
      clusterName,
      facts,
      version,
      body.podIdentityAssociations,
      addon.addonArn,
    );
    const params: { type: string; value: string }[] = [];
    if (askedVersion !== undefined) {
      addon.addonVersion = version.version;
      params.push({ type: 'AddonVersion', value: version.version });
    }
    if (serviceAccountRoleArn !== undefined) {
      if (serviceAccountRoleArn === '') delete addon.serviceAccountRoleArn;
      else addon.serviceAccountRoleArn = serviceAccountRoleArn;
      params.push({ type: 'ServiceAccountRoleArn', value: serviceAccountRoleArn });
    }
    if (configurationValues !== undefined) {
      if (configurationValues === '') delete addon.configurationValues;
      else addon.configurationValues = configurationValues;
      params.push({ type: 'ConfigurationValues', value: configurationValues });
    }
    if (resolveConflicts !== undefined) {
      params.push({ type: 'ResolveConflicts', value: resolveConflicts });
    }
    if (wanted !== undefined) {
      // The EKS user guide (update-addon-role): the new list overwrites the old one.
      for (const found of [...store.values()]) {
        if (found.association.ownerArn === addon.addonArn) {
          store.delete(found.association.associationId);
        }
      }
      addon.podIdentityAssociations = ownAssociations(
        region,
        clusterName,
        facts,
        addon.addonArn,
        wanted,
      );
      params.push({ type: 'PodIdentityAssociations', value: JSON.stringify(wanted) });
    }
    const now = clock();
    addon.status = 'UPDATING';
    addon.modifiedAt = now / 1000;
    addon.settlesAt = now + transitionMs;
    const update: AddonUpdate = {
      id: randomUUID(),
      type: 'AddonUpdate',
      params,
      createdAt: now / 1000,
      errors: [],
      settlesAt: now + transitionMs,
    };
    addon.updates.set(update.id, update);
    return { update: updateView(update) };
  }

  async function deleteAddon(
    region: string,
    clusterName: string,
    name: string,
    query: URLSearchParams,
  ): Promise<Json> {
    await requireCluster(region, clusterName);
    const addon = findAddon(region, clusterName, name);
    if (addon.status !== 'DELETING') {
      const now = clock();
      addon.status = 'DELETING';
      addon.preserve = query.get('preserve') === 'true';
      addon.modifiedAt = now / 1000;
      addon.settlesAt = now + transitionMs;
    }
    return { addon: addonView(addon) };
  }

  async function describeUpdate(
    region: string,
    clusterName: string,
    name: string,
    updateId: string,
  ): Promise<Json> {
    await requireCluster(region, clusterName);
    const update = findAddon(region, clusterName, name).updates.get(updateId);
    if (update === undefined) {
      throw new EksError('ResourceNotFoundException', `No update found for ID: ${updateId}`);
    }
    return { update: updateView(update) };
  }

  async function listAddons(
    region: string,
    clusterName: string,
    query: URLSearchParams,
  ): Promise<Json> {
    await requireCluster(region, clusterName);
    settle();
    const names = [...addons.values()]
      .filter((a) => a.region === region && a.clusterName === clusterName)
      .map((a) => a.addonName);
    const { page, nextToken } = paged(names, query);
    return { addons: page, ...(nextToken !== undefined && { nextToken }) };
  }

  /**
   * DescribeAddonVersions: the catalogue, filtered as asked. With a
   * `kubernetesVersion`, only the versions that install on it, each with that
   * one compatibility (as in the EKS user guide's sample); a name the
   * catalogue lacks gives an empty list, as EKS does (marcincuber/eks#10).
   */
  function describeAddonVersions(query: URLSearchParams): Json {
    const clusterVersion = query.get('kubernetesVersion');
    const name = query.get('addonName');
    const types = query.getAll('types');
    const publishers = query.getAll('publishers');
    const owners = query.getAll('owners');
    const infos = ADDON_CATALOGUE.filter(
      (a) =>
        (name === null || a.name === name) &&
        (types.length === 0 || types.includes(a.type)) &&
        (publishers.length === 0 || publishers.includes(AWS_PUBLISHER)) &&
        (owners.length === 0 || owners.includes(AWS_OWNER)),
    )
      .map((a) => {
        const versions = clusterVersion === null ? a.versions : versionsFor(a, clusterVersion);
        return {
          addonName: a.name,
          type: a.type,
          addonVersions: versions.map((v) => ({
            addonVersion: v.version,
            architecture: ['amd64', 'arm64'],
            compatibilities: v.clusterVersions
              .filter((c) => clusterVersion === null || c === clusterVersion)
              .map((c) => ({
                clusterVersion: c,
                platformVersions: ['*'],
                defaultVersion: v.defaultFor.includes(c),
              })),
            requiresConfiguration: false,
            requiresIamPermissions: a.podIdentityServiceAccounts.length > 0,
          })),
          publisher: AWS_PUBLISHER,
          owner: AWS_OWNER,
          defaultNamespace: a.namespace,
        };
      })
      .filter((info) => info.addonVersions.length > 0);
    const { page, nextToken } = paged(infos, query);
    return { addons: page, ...(nextToken !== undefined && { nextToken }) };
  }

  /** The Pod Identity answer for this request, or undefined to pass it to moto. */
  function route(req: IncomingMessage): Handler | undefined {
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
        if (method === 'POST')
          return op('CreatePodIdentityAssociation', (body) => create(region, cluster, body));
        if (method === 'GET')
          return op('ListPodIdentityAssociations', () => list(region, cluster, url.searchParams));
        return undefined;
      }
      if (method === 'GET') {
        return op('DescribePodIdentityAssociation', async () => {
          await requireCluster(region, cluster);
          return { association: find(region, cluster, id).association };
        });
      }
      if (method === 'POST')
        return op('UpdatePodIdentityAssociation', (body) => update(region, cluster, id, body));
      if (method === 'DELETE') {
        return op('DeletePodIdentityAssociation', async () => {
          await requireCluster(region, cluster);
          const gone = find(region, cluster, id);
          store.delete(id);
          // The EKS user guide (add-ons-iam) allows deleting an add-on's association
          // directly; the add-on then no longer lists it.
          const owner = [...addons.values()].find((a) => a.addonArn === gone.association.ownerArn);
          if (owner !== undefined) {
            owner.podIdentityAssociations = owner.podIdentityAssociations.filter(
              (arn) => arn !== gone.association.associationArn,
            );
          }
          return { association: gone.association };
        });
      }
      return undefined;
    }
    if (parts[0] === 'clusters' && parts[2] === 'addons') {
      return addonRoute(method, region, parts, url.searchParams);
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
      return op('DescribeUpdate', () => describeUpdate(region, cluster, addonName, updateId));
    }
    if (parts[0] === 'addons' && parts[1] === 'supported-versions' && parts.length === 2) {
      return method === 'GET'
        ? op('DescribeAddonVersions', () => describeAddonVersions(url.searchParams))
        : undefined;
    }
    // The ARN is one percent-encoded path label; tolerate clients that leave its "/" bare.
    const arn = parts.slice(1).join('/');
    if (
      parts[0] === 'tags' &&
      (ASSOCIATION_ARN.test(arn) || ADDON_ARN.test(arn)) &&
      ['GET', 'POST', 'DELETE'].includes(method)
    ) {
      return op(TAG_OPERATIONS[method] ?? method, (body) =>
        tagging(method, arn, url.searchParams, body),
      );
    }
    return undefined;
  }

  function addonRoute(
    method: string,
    region: string,
    parts: readonly string[],
    query: URLSearchParams,
  ): Handler | undefined {
    const [, cluster, , name, action] = parts;
    if (parts.length === 3) {
      if (method === 'POST') return op('CreateAddon', (body) => createAddon(region, cluster, body));
      if (method === 'GET') return op('ListAddons', () => listAddons(region, cluster, query));
      return undefined;
    }
    if (parts.length === 4) {
      if (method === 'GET') {
        return op('DescribeAddon', async () => {
          await requireCluster(region, cluster);
          return { addon: addonView(findAddon(region, cluster, name)) };
        });
      }
      if (method === 'DELETE')
        return op('DeleteAddon', () => deleteAddon(region, cluster, name, query));
      return undefined;
    }
    if (parts.length === 5 && action === 'update' && method === 'POST') {
      return op('UpdateAddon', (body) => updateAddon(region, cluster, name, body));
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
    const { operation, answer } = handler;
    answered.push(operation);
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
    associations: () => {
      settle();
      return [...store.values()].map(({ association }) => ({
        ...association,
        tags: { ...association.tags },
      }));
    },
    addons: () => {
      settle();
      return [...addons.values()].map(addonView);
    },
    operations: () => [...answered],
  };
}

function addonKey(region: string, clusterName: string, name: string): string {
  return `${region}/${clusterName}/${name}`;
}

/** The add-on as DescribeAddon sends it: no `marketplaceInformation` (AWS's own add-ons). */
function addonView(addon: StoredAddon): EksAddon {
  return {
    addonName: addon.addonName,
    clusterName: addon.clusterName,
    status: addon.status,
    addonVersion: addon.addonVersion,
    health: { issues: [] },
    addonArn: addon.addonArn,
    createdAt: addon.createdAt,
    modifiedAt: addon.modifiedAt,
    ...(addon.serviceAccountRoleArn !== undefined && {
      serviceAccountRoleArn: addon.serviceAccountRoleArn,
    }),
    tags: { ...addon.tags },
    publisher: AWS_PUBLISHER,
    owner: AWS_OWNER,
    ...(addon.configurationValues !== undefined && {
      configurationValues: addon.configurationValues,
    }),
    podIdentityAssociations: [...addon.podIdentityAssociations],
  };
}

/** `maxResults` (1-100, default 100) and where `nextToken` (a number, base64url) says to start. */
function pageRequest(query: URLSearchParams): { maxResults: number; from: number } {
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
    throw new EksError('InvalidParameterException', 'The nextToken is not one this API returned.');
  }
  return { maxResults, from };
}

/** One page of `items` for `maxResults` (1-100, default 100) and `nextToken` (an index). */
function paged<T>(items: readonly T[], query: URLSearchParams): { page: T[]; nextToken?: string } {
  const { maxResults, from } = pageRequest(query);
  if (from > items.length) {
    throw new EksError('InvalidParameterException', 'The nextToken is not one this API returned.');
  }
  const end = from + maxResults;
  return {
    page: items.slice(from, end),
    ...(end < items.length && { nextToken: Buffer.from(String(end)).toString('base64url') }),
  };
}

function resolveConflictsOf(body: Json): string | undefined {
  const value = optionalString(body, 'resolveConflicts');
  if (value !== undefined && !RESOLVE_CONFLICTS.includes(value)) {
    throw new EksError(
      'InvalidParameterException',
      `resolveConflicts must be one of ${RESOLVE_CONFLICTS.join(', ')}.`,
    );
  }
  return value;
}

/**
 * `configurationValues` as given ("" clears them on update). EKS checks them
 * against the add-on version's JSON schema; the double has no schemas and
 * only checks for a JSON object or a YAML mapping.
 */
function configurationValuesOf(body: Json): string | undefined {
  const value = optionalString(body, 'configurationValues');
  if (value === undefined || value.trim() === '') return value;
  const text = value.trim();
  let mapping: boolean;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      mapping = isJson(JSON.parse(text));
    } catch {
      mapping = false;
    }
  } else {
    // YAML: the first line that says something must open a mapping (`key:` or `key: value`).
    const first = text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '' && !line.startsWith('#') && line !== '---');
    mapping = first !== undefined && /^[^\s:#\-[{][^:#]*:(\s|$)/.test(first);
  }
  if (!mapping) {
    throw new EksError(
      'InvalidParameterException',
      'ConfigurationValue provided in request is not supported: it is neither a JSON object nor ' +
        'a YAML mapping.',
    );
  }
  return value;
}

/** `serviceAccountRoleArn` (IRSA), an IAM role ARN; "" removes it on update. */
function serviceAccountRoleArnOf(body: Json): string | undefined {
  const value = optionalString(body, 'serviceAccountRoleArn');
  if (value !== undefined && value !== '' && !ROLE_ARN.test(value)) {
    throw new EksError(
      'InvalidParameterException',
      `The serviceAccountRoleArn ${value} is not a valid IAM role ARN.`,
    );
  }
  return value;
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
