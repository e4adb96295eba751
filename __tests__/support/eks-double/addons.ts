import { randomUUID } from 'node:crypto';
import { AssociationStore, AssociationStoreOptions } from './associations';
import {
  ADDON_CATALOGUE,
  AddonFacts,
  addonFacts,
  AddonVersionFacts,
  defaultVersion,
  versionsFor,
} from './catalogue';
import {
  configurationValuesOf,
  isJson,
  Json,
  Lookups,
  optionalString,
  requireCluster,
  requiredString,
  requirePodIdentityRole,
  resolveConflictsOf,
  serviceAccountRoleArnOf,
  tagsOf,
} from './checks';
import { EksError } from './errors';
import { paged } from './paging';

/**
 * The EKS double's add-ons: the calls hashicorp/aws 5.100.0's `aws_eks_addon`
 * resource and its data sources make (CreateAddon, DescribeAddon,
 * UpdateAddon, DeleteAddon, DescribeUpdate for an add-on,
 * DescribeAddonVersions; tags on add-on ARNs are tagging.ts's) plus
 * ListAddons. The add-ons and versions come from the double's own catalogue
 * (catalogue.ts). An add-on's `podIdentityAssociations` become associations
 * owned by it (`ownerArn`) in the association store, listed and described
 * with the user's; a new status (CREATING, UPDATING, DELETING) lasts
 * `transitionMs` on the injected clock, then the add-on is ACTIVE (or gone).
 *
 * Not modelled: comparing the parameters of a repeated clientRequestToken,
 * add-on configuration schemas, DescribeAddonConfiguration, namespaceConfig,
 * marketplace add-ons, and failed or degraded add-ons (`health` always has
 * no issues).
 */

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

export interface AddonStoreOptions {
  /** The account in add-on ARNs. */
  readonly account: string;
  /** Epoch ms: timestamps, and when a status moves on. */
  readonly clock: () => number;
  /** How long an add-on stays CREATING, UPDATING or DELETING, in ms. */
  readonly transitionMs: number;
  /** Where the checks find clusters and roles. */
  readonly lookups: Lookups;
  /** Where the add-ons' own associations go. */
  readonly associations: AssociationStore;
  /** A new UUID, for add-on ARNs and update ids (default: a random one). */
  readonly newUuid?: () => string;
}

/** AWS's own add-ons: `publisher` and `owner` as DescribeAddon and DescribeAddonVersions send them. */
const AWS_PUBLISHER = 'eks';
const AWS_OWNER = 'aws';

/** An add-on and the store's bookkeeping: its status moves on at `settlesAt` (epoch ms). */
interface StoredAddon {
  readonly region: string;
  readonly addonName: string;
  readonly clusterName: string;
  status: AddonStatus;
  addonVersion: string;
  readonly addonArn: string;
  readonly createdAt: number;
  modifiedAt: number;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  tags: Readonly<Record<string, string>>;
  podIdentityAssociations: readonly string[];
  settlesAt: number | undefined;
  /** DeleteAddon's `preserve`: the add-on's associations outlive it. */
  preserve: boolean;
  readonly updates: Map<string, AddonUpdate>;
}

/** An UpdateAddon's update: InProgress until `settlesAt`, then Successful. */
interface AddonUpdate {
  readonly id: string;
  readonly type: 'AddonUpdate';
  readonly params: readonly UpdateParam[];
  readonly createdAt: number;
  readonly errors: readonly never[];
  readonly settlesAt: number;
}

interface UpdateParam {
  readonly type: string;
  readonly value: string;
}

/** A `podIdentityAssociations` entry of CreateAddon or UpdateAddon. */
interface WantedAssociation {
  readonly serviceAccount: string;
  readonly roleArn: string;
}

/** The add-ons of every cluster and region, keyed by region, cluster and name, in creation order. */
export class AddonStore {
  private readonly addons = new Map<string, StoredAddon>();
  /** clientRequestToken -> the key of the add-on that request created. */
  private readonly byClientToken = new Map<string, string>();

  constructor(private readonly options: AddonStoreOptions) {}

  /** CreateAddon: checks in EKS's order, then the add-on is CREATING with its own associations. */
  async create(region: string, clusterName: string, body: Json): Promise<Json> {
    const name = requiredString(body, 'addonName');
    const token = optionalString(body, 'clientRequestToken');
    const clusterVersion = await requireCluster(this.options.lookups, region, clusterName);
    this.settle();
    // A retried request (same token) gets the add-on it created.
    const earlier = token === undefined ? undefined : this.byClientToken.get(token);
    const retried = earlier === undefined ? undefined : this.addons.get(earlier);
    if (retried !== undefined) return { addon: addonView(retried) };
    const key = addonKey(region, clusterName, name);
    if (this.addons.has(key)) {
      // Real EKS's wording (409; aws/eks-hybrid#316).
      throw new EksError('ResourceInUseException', 'Addon already exists.');
    }
    const facts = supportedAddon(name, clusterVersion);
    const version = chosenVersion(facts, optionalString(body, 'addonVersion'), clusterVersion);
    resolveConflictsOf(body);
    const configurationValues = configurationValuesOf(body);
    const serviceAccountRoleArn = serviceAccountRoleArnOf(body);
    const tags = tagsOf(body.tags, 'InvalidParameterException') ?? {};
    const wanted = await this.podIdentityRequests(
      region,
      clusterName,
      facts,
      version,
      body.podIdentityAssociations,
    );
    // An ARN like the EKS user guide's: addon/<cluster>/<name>/<uuid>.
    const addonArn = `arn:aws:eks:${region}:${this.options.account}:addon/${clusterName}/${name}/${this.newUuid()}`;
    const now = this.options.clock();
    const addon: StoredAddon = {
      region,
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
      podIdentityAssociations: this.ownAssociations(
        region,
        clusterName,
        facts,
        addonArn,
        wanted ?? [],
      ),
      settlesAt: now + this.options.transitionMs,
      preserve: false,
      updates: new Map(),
    };
    this.addons.set(key, addon);
    if (token !== undefined) this.byClientToken.set(token, key);
    return { addon: addonView(addon) };
  }

  /** DescribeAddon. */
  async describe(region: string, clusterName: string, name: string): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    return { addon: addonView(this.find(region, clusterName, name)) };
  }

  /**
   * UpdateAddon, of an ACTIVE add-on only: what the request gives changes
   * now, the add-on is UPDATING, and the update's `params` say what changed.
   */
  async update(region: string, clusterName: string, name: string, body: Json): Promise<Json> {
    const clusterVersion = await requireCluster(this.options.lookups, region, clusterName);
    const addon = this.find(region, clusterName, name);
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
    const wanted = await this.podIdentityRequests(
      region,
      clusterName,
      facts,
      version,
      body.podIdentityAssociations,
      addon.addonArn,
    );
    const params: UpdateParam[] = [];
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
      addon.podIdentityAssociations = this.ownAssociations(
        region,
        clusterName,
        facts,
        addon.addonArn,
        wanted,
      );
      params.push({ type: 'PodIdentityAssociations', value: JSON.stringify(wanted) });
    }
    const now = this.options.clock();
    addon.status = 'UPDATING';
    addon.modifiedAt = now / 1000;
    addon.settlesAt = now + this.options.transitionMs;
    const update: AddonUpdate = {
      id: this.newUuid(),
      type: 'AddonUpdate',
      params,
      createdAt: now / 1000,
      errors: [],
      settlesAt: now + this.options.transitionMs,
    };
    addon.updates.set(update.id, update);
    return { update: this.updateView(update) };
  }

  /**
   * DeleteAddon: the add-on is DELETING, then gone with its associations,
   * which `preserve` keeps (without an owner). Deleting it again while it is
   * DELETING changes nothing.
   */
  async delete(
    region: string,
    clusterName: string,
    name: string,
    preserve: boolean,
  ): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    const addon = this.find(region, clusterName, name);
    if (addon.status !== 'DELETING') {
      const now = this.options.clock();
      addon.status = 'DELETING';
      addon.preserve = preserve;
      addon.modifiedAt = now / 1000;
      addon.settlesAt = now + this.options.transitionMs;
    }
    return { addon: addonView(addon) };
  }

  /** DescribeUpdate of an add-on's update (a cluster's or node group's is moto's). */
  async describeUpdate(
    region: string,
    clusterName: string,
    name: string,
    updateId: string,
  ): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    const update = this.find(region, clusterName, name).updates.get(updateId);
    if (update === undefined) {
      throw new EksError('ResourceNotFoundException', `No update found for ID: ${updateId}`);
    }
    return { update: this.updateView(update) };
  }

  /** ListAddons: the cluster's add-on names, in creation order, paged by index. */
  async list(region: string, clusterName: string, query: URLSearchParams): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    this.settle();
    const names = [...this.addons.values()]
      .filter((a) => a.region === region && a.clusterName === clusterName)
      .map((a) => a.addonName);
    const { page, nextToken } = paged(names, query);
    return { addons: page, ...(nextToken !== undefined && { nextToken }) };
  }

  /**
   * Moves time on: an add-on whose CREATING or UPDATING has lasted
   * `transitionMs` is ACTIVE, and one whose DELETING has is gone, with the
   * associations it owns (kept, without an owner, when deleted with
   * `preserve`). Every operation that reads the add-ons or the associations
   * calls it first.
   */
  settle(): void {
    const now = this.options.clock();
    for (const [key, addon] of this.addons) {
      if (addon.settlesAt === undefined || now < addon.settlesAt) continue;
      if (addon.status !== 'DELETING') {
        addon.status = 'ACTIVE';
        addon.settlesAt = undefined;
        continue;
      }
      this.addons.delete(key);
      if (addon.preserve) this.options.associations.disown(addon.addonArn);
      else this.options.associations.deleteOwnedBy(addon.addonArn);
    }
  }

  /** One of the add-on's associations was deleted directly: the add-on no longer lists it. */
  forget(ownerArn: string, associationArn: string): void {
    const owner = [...this.addons.values()].find((a) => a.addonArn === ownerArn);
    if (owner !== undefined) {
      owner.podIdentityAssociations = owner.podIdentityAssociations.filter(
        (arn) => arn !== associationArn,
      );
    }
  }

  /** The tags of the add-on with that ARN, or undefined if there is none (tagging.ts). */
  tags(arn: string): Readonly<Record<string, string>> | undefined {
    this.settle();
    return this.byArn(arn)?.tags;
  }

  /** Replaces the tags of the add-on with that ARN (tagging.ts). */
  setTags(arn: string, tags: Readonly<Record<string, string>>): void {
    const addon = this.byArn(arn);
    if (addon !== undefined) addon.tags = tags;
  }

  /** A snapshot of the add-ons that exist now (DELETING ones too), in creation order. */
  snapshot(): EksAddon[] {
    this.settle();
    return [...this.addons.values()].map(addonView);
  }

  private find(region: string, clusterName: string, name: string): StoredAddon {
    this.settle();
    const addon = this.addons.get(addonKey(region, clusterName, name));
    if (addon === undefined) {
      // Real EKS's wording (the EKS user guide, removing-an-add-on).
      throw new EksError(
        'ResourceNotFoundException',
        `No addon: ${name} found in cluster: ${clusterName}`,
      );
    }
    return addon;
  }

  private byArn(arn: string): StoredAddon | undefined {
    return [...this.addons.values()].find((a) => a.addonArn === arn);
  }

  /**
   * The `podIdentityAssociations` of a CreateAddon or UpdateAddon, checked as
   * EKS checks them; undefined when the request has none (an update then
   * keeps the add-on's). `owner`: the add-on whose own associations these
   * replace (an update), which do not count as duplicates.
   */
  private async podIdentityRequests(
    region: string,
    clusterName: string,
    facts: AddonFacts,
    version: AddonVersionFacts,
    raw: unknown,
    owner?: string,
  ): Promise<WantedAssociation[] | undefined> {
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
    const wanted = raw.map((item: unknown, index): WantedAssociation => {
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
    for (const { roleArn } of wanted) await requirePodIdentityRole(this.options.lookups, roleArn);
    for (const { serviceAccount } of wanted) {
      this.options.associations.refuseDuplicate(
        region,
        clusterName,
        facts.namespace,
        serviceAccount,
        owner,
      );
    }
    return wanted;
  }

  /**
   * Gives the add-on `wanted` as its own associations, in its namespace, in
   * place of those it had (as one change); returns their ARNs.
   */
  private ownAssociations(
    region: string,
    clusterName: string,
    facts: AddonFacts,
    addonArn: string,
    wanted: readonly WantedAssociation[],
  ): string[] {
    return this.options.associations
      .replaceOwned(
        region,
        addonArn,
        wanted.map(({ serviceAccount, roleArn }) => ({
          clusterName,
          namespace: facts.namespace,
          serviceAccount,
          roleArn,
          ownerArn: addonArn,
        })),
      )
      .map((a) => a.associationArn);
  }

  /** An update as DescribeUpdate sends it; its status follows the store's clock. */
  private updateView(update: AddonUpdate): Json {
    return {
      id: update.id,
      status: this.options.clock() >= update.settlesAt ? 'Successful' : 'InProgress',
      type: update.type,
      params: update.params,
      createdAt: update.createdAt,
      errors: update.errors,
    };
  }

  private newUuid(): string {
    return (this.options.newUuid ?? randomUUID)();
  }
}

/**
 * DescribeAddonVersions: the catalogue, filtered as asked. With a
 * `kubernetesVersion`, only the versions that install on it, each with that
 * one compatibility (as in the EKS user guide's sample); a name the
 * catalogue lacks gives an empty list, as EKS does (marcincuber/eks#10).
 */
export function describeAddonVersions(query: URLSearchParams): Json {
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

/** The two stores, and what tests may fix that is otherwise random. */
export interface StoresOptions extends Omit<AddonStoreOptions, 'associations'> {
  readonly newAssociationId?: () => string;
  readonly newExternalId?: () => string;
  /** Told of every association change (AssociationStoreOptions.onChanges). */
  readonly onAssociationChanges?: AssociationStoreOptions['onChanges'];
}

export interface Stores {
  readonly associations: AssociationStore;
  readonly addons: AddonStore;
}

/**
 * An association store and an add-on store wired both ways: the add-ons own
 * some associations, and every read of the associations first lets the
 * add-ons move on with the clock (a deleted add-on takes its associations).
 */
export function createStores(options: StoresOptions): Stores {
  const { newAssociationId, newExternalId, onAssociationChanges, ...addonOptions } = options;
  const associations = new AssociationStore({
    account: options.account,
    clock: options.clock,
    lookups: options.lookups,
    // The add-on store is made next, with this store; these run only once both exist.
    owners: {
      settle: () => addons.settle(),
      forget: (ownerArn, associationArn) => addons.forget(ownerArn, associationArn),
    },
    newAssociationId,
    newExternalId,
    onChanges: onAssociationChanges,
  });
  const addons = new AddonStore({ ...addonOptions, associations });
  return { associations, addons };
}
