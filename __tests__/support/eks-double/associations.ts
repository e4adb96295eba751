import { randomBytes, randomUUID } from 'node:crypto';
import {
  Json,
  Lookups,
  optionalBoolean,
  optionalString,
  requireCluster,
  requiredString,
  requireNamespace,
  requirePodIdentityRole,
  requireServiceAccount,
  tagsOf,
} from './checks';
import { EksError } from './errors';
import { pageRequest, pageToken } from './paging';

/**
 * The EKS double's Pod Identity associations: CreatePodIdentityAssociation,
 * DescribePodIdentityAssociation, UpdatePodIdentityAssociation,
 * DeletePodIdentityAssociation and ListPodIdentityAssociations, with EKS's
 * checks (the cluster exists, the role exists and trusts Pod Identity,
 * Kubernetes names, one association per namespace and service account in a
 * cluster) and its wording. A retried create (same `clientRequestToken`)
 * gets the association it created. Add-ons own some associations
 * (`ownerArn`): addons.ts creates and removes those through this store, and
 * they are listed and described with the user's.
 *
 * Every change to which role a service account's association names (created,
 * role switched, deleted, the add-ons' own ones included) is reported to
 * `onChanges` as it happens, for the credential timeline (timeline.ts).
 *
 * Not modelled: checking that a targetRoleArn exists, and comparing the
 * parameters of a repeated clientRequestToken.
 */

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

/**
 * What the store needs from the add-ons, which own some associations and
 * move on with the clock. Absent, the store behaves as if there were no
 * add-ons.
 */
export interface AssociationOwners {
  /**
   * Lets time move on before the store is read: an add-on that has finished
   * deleting takes its associations with it (see AddonStore.settle).
   */
  settle(): void;
  /** DeletePodIdentityAssociation deleted an association an add-on owns: it no longer lists it. */
  forget(ownerArn: string, associationArn: string): void;
}

export interface AssociationStoreOptions {
  /** The account in association ARNs. */
  readonly account: string;
  /** Epoch ms, for `createdAt` and `modifiedAt`. */
  readonly clock: () => number;
  /** Where the checks find clusters and roles. */
  readonly lookups: Lookups;
  readonly owners?: AssociationOwners;
  /** A new association id (default: `a-` and 17 random lowercase letters and digits, like EKS's). */
  readonly newAssociationId?: () => string;
  /** A new external id for an association with a targetRoleArn (default: a random UUID). */
  readonly newExternalId?: () => string;
  /**
   * Told of the changes one operation made, together, once they are made
   * (an add-on update that replaces its associations is one batch).
   */
  readonly onChanges?: (changes: readonly AssociationChange[]) => void;
}

/**
 * A change to an association that can change a pod's credentials: one was
 * created, now names another role, or was deleted. Changes to tags,
 * session tags or an owner do not count.
 */
export interface AssociationChange {
  readonly kind: 'created' | 'role-changed' | 'deleted';
  /** The region of the association's cluster. */
  readonly region: string;
  /** The association after the change (as it was, for a deletion). */
  readonly association: PodIdentityAssociation;
  /** For `role-changed`: the role it named before. */
  readonly previousRoleArn?: string;
}

/** What an add-on's own association is made of; the store adds the rest. */
export interface OwnedAssociation {
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly ownerArn: string;
}

/** An association and the store's bookkeeping, which never goes on the wire. */
interface Stored {
  readonly association: PodIdentityAssociation;
  readonly region: string;
  /** Creation order; list pagination tokens point at it. */
  readonly seq: number;
}

/** The associations of every cluster and region, keyed by association id, in creation order. */
export class AssociationStore {
  private readonly byId = new Map<string, Stored>();
  /** clientRequestToken -> the id of the association that request created. */
  private readonly byClientToken = new Map<string, string>();
  private seq = 0;

  constructor(private readonly options: AssociationStoreOptions) {}

  /** CreatePodIdentityAssociation: checks in EKS's order, then stores the association. */
  async create(region: string, clusterName: string, body: Json): Promise<Json> {
    const namespace = requiredString(body, 'namespace');
    const serviceAccount = requiredString(body, 'serviceAccount');
    const roleArn = requiredString(body, 'roleArn');
    const token = optionalString(body, 'clientRequestToken');
    const tags = tagsOf(body.tags, 'InvalidParameterException') ?? {};
    await requireCluster(this.options.lookups, region, clusterName);
    // A retried request (same token) gets the association it created.
    const earlier =
      token === undefined ? undefined : this.byId.get(this.byClientToken.get(token) ?? '');
    if (earlier !== undefined) return { association: earlier.association };
    requireNamespace(namespace);
    requireServiceAccount(serviceAccount);
    await requirePodIdentityRole(this.options.lookups, roleArn);
    this.refuseDuplicate(region, clusterName, namespace, serviceAccount);
    const targetRoleArn = optionalString(body, 'targetRoleArn');
    const association = this.insert(region, {
      clusterName,
      namespace,
      serviceAccount,
      roleArn,
      disableSessionTags: optionalBoolean(body, 'disableSessionTags') ?? false,
      ...(targetRoleArn !== undefined && {
        targetRoleArn,
        externalId: this.newExternalId(),
      }),
      tags,
    });
    if (token !== undefined) this.byClientToken.set(token, association.associationId);
    this.emit([{ kind: 'created', region, association }]);
    return { association };
  }

  /** DescribePodIdentityAssociation. */
  async describe(region: string, clusterName: string, associationId: string): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    return { association: this.find(region, clusterName, associationId).association };
  }

  /** UpdatePodIdentityAssociation: the role, session tags and target role may change. */
  async update(
    region: string,
    clusterName: string,
    associationId: string,
    body: Json,
  ): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    const stored = this.find(region, clusterName, associationId);
    const current = stored.association;
    const roleArn = optionalString(body, 'roleArn');
    if (roleArn !== undefined) await requirePodIdentityRole(this.options.lookups, roleArn);
    const targetRoleArn = optionalString(body, 'targetRoleArn');
    const association: PodIdentityAssociation = {
      ...current,
      ...(roleArn !== undefined && { roleArn }),
      disableSessionTags: optionalBoolean(body, 'disableSessionTags') ?? current.disableSessionTags,
      ...(targetRoleArn !== undefined && {
        targetRoleArn,
        externalId: current.externalId ?? this.newExternalId(),
      }),
      modifiedAt: this.options.clock() / 1000,
    };
    this.byId.set(associationId, { ...stored, association });
    if (association.roleArn !== current.roleArn) {
      this.emit([{ kind: 'role-changed', region, association, previousRoleArn: current.roleArn }]);
    }
    return { association };
  }

  /**
   * DeletePodIdentityAssociation. The EKS user guide (add-ons-iam) allows
   * deleting an add-on's association directly; the add-on then no longer
   * lists it.
   */
  async delete(region: string, clusterName: string, associationId: string): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    const gone = this.find(region, clusterName, associationId);
    this.byId.delete(associationId);
    const { ownerArn, associationArn } = gone.association;
    if (ownerArn !== undefined) this.options.owners?.forget(ownerArn, associationArn);
    this.emit([{ kind: 'deleted', region, association: gone.association }]);
    return { association: gone.association };
  }

  /**
   * ListPodIdentityAssociations: summaries of a cluster's associations,
   * filtered by `namespace` and `serviceAccount` if the query has them. Tokens
   * hold a creation sequence number, so that a page survives deletions before it.
   */
  async list(region: string, clusterName: string, query: URLSearchParams): Promise<Json> {
    await requireCluster(this.options.lookups, region, clusterName);
    this.settle();
    const { maxResults, from } = pageRequest(query);
    const namespace = query.get('namespace');
    const serviceAccount = query.get('serviceAccount');
    const matching = [...this.byId.values()].filter(
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
      ...(next !== undefined && { nextToken: pageToken(next.seq) }),
    };
  }

  /**
   * EKS keeps one association per namespace and service account in a
   * cluster (409). `exceptOwner`: the add-on whose own associations an update
   * replaces, which do not count.
   */
  refuseDuplicate(
    region: string,
    clusterName: string,
    namespace: string,
    serviceAccount: string,
    exceptOwner?: string,
  ): void {
    for (const { association: other, region: otherRegion } of this.byId.values()) {
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

  /** Stores one more association of an add-on (no checks: the add-on store made it). */
  createOwned(region: string, owned: OwnedAssociation): PodIdentityAssociation {
    const association = this.insertOwned(region, owned);
    this.emit([{ kind: 'created', region, association }]);
    return association;
  }

  /**
   * Replaces the associations `ownerArn` owns with `owned` (no checks: the
   * add-on store made them), as one change: CreateAddon (nothing to replace)
   * and UpdateAddon with `podIdentityAssociations`. Returns the new ones.
   */
  replaceOwned(
    region: string,
    ownerArn: string,
    owned: readonly OwnedAssociation[],
  ): PodIdentityAssociation[] {
    const changes = this.removeOwnedBy(ownerArn);
    const created = owned.map((o) => this.insertOwned(region, { ...o, ownerArn }));
    this.emit([
      ...changes,
      ...created.map((association): AssociationChange => ({
        kind: 'created',
        region,
        association,
      })),
    ]);
    return created;
  }

  /** Deletes the associations the add-on owns (it was deleted). */
  deleteOwnedBy(ownerArn: string): void {
    this.emit(this.removeOwnedBy(ownerArn));
  }

  /** Keeps the add-on's associations without an owner (DeleteAddon with `preserve`). */
  disown(ownerArn: string): void {
    for (const found of [...this.byId.values()]) {
      const { ownerArn: owner, ...kept } = found.association;
      if (owner === ownerArn) this.byId.set(kept.associationId, { ...found, association: kept });
    }
  }

  /** The tags of the association with that ARN, or undefined if there is none (tagging.ts). */
  tags(arn: string): Readonly<Record<string, string>> | undefined {
    this.settle();
    return this.byArn(arn)?.association.tags;
  }

  /** Replaces the tags of the association with that ARN (tagging.ts). */
  setTags(arn: string, tags: Readonly<Record<string, string>>): void {
    const found = this.byArn(arn);
    if (found === undefined) return;
    this.byId.set(found.association.associationId, {
      ...found,
      association: { ...found.association, tags },
    });
  }

  /** A snapshot of the associations that exist now, in creation order. */
  snapshot(): PodIdentityAssociation[] {
    this.settle();
    return [...this.byId.values()].map(({ association }) => ({
      ...association,
      tags: { ...association.tags },
    }));
  }

  private settle(): void {
    this.options.owners?.settle();
  }

  private removeOwnedBy(ownerArn: string): AssociationChange[] {
    const removed: AssociationChange[] = [];
    for (const { association, region } of [...this.byId.values()]) {
      if (association.ownerArn === ownerArn) {
        this.byId.delete(association.associationId);
        removed.push({ kind: 'deleted', region, association });
      }
    }
    return removed;
  }

  private insertOwned(region: string, owned: OwnedAssociation): PodIdentityAssociation {
    return this.insert(region, {
      clusterName: owned.clusterName,
      namespace: owned.namespace,
      serviceAccount: owned.serviceAccount,
      roleArn: owned.roleArn,
      disableSessionTags: false,
      tags: {},
      ownerArn: owned.ownerArn,
    });
  }

  private emit(changes: readonly AssociationChange[]): void {
    if (changes.length > 0) this.options.onChanges?.(changes);
  }

  private find(region: string, clusterName: string, associationId: string): Stored {
    this.settle();
    if (associationId.length !== 19) {
      // Real EKS's wording.
      throw new EksError(
        'InvalidParameterException',
        'The parameter associationId should be 19 characters long.',
      );
    }
    const found = this.byId.get(associationId);
    if (found?.association.clusterName !== clusterName || found.region !== region) {
      throw new EksError(
        'ResourceNotFoundException',
        `No Pod Identity association found for id: ${associationId} in cluster: ${clusterName}.`,
      );
    }
    return found;
  }

  private byArn(arn: string): Stored | undefined {
    return [...this.byId.values()].find((s) => s.association.associationArn === arn);
  }

  private insert(
    region: string,
    fields: Omit<
      PodIdentityAssociation,
      'associationArn' | 'associationId' | 'createdAt' | 'modifiedAt'
    >,
  ): PodIdentityAssociation {
    const associationId = (this.options.newAssociationId ?? randomAssociationId)();
    const now = this.options.clock() / 1000;
    const association: PodIdentityAssociation = {
      ...fields,
      associationArn: `arn:aws:eks:${region}:${this.options.account}:podidentityassociation/${fields.clusterName}/${associationId}`,
      associationId,
      createdAt: now,
      modifiedAt: now,
    };
    this.byId.set(associationId, { association, region, seq: this.seq++ });
    return association;
  }

  private newExternalId(): string {
    return (this.options.newExternalId ?? randomUUID)();
  }
}

/** `a-` and 17 lowercase letters and digits, like EKS's association ids. */
function randomAssociationId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `a-${[...randomBytes(17)].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
}
