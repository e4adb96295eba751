import { AssociationChange, PodIdentityAssociation } from './associations';
import { POD_IDENTITY_PRINCIPAL, REQUIRED_ACTIONS, roleNameOf, trustsPodIdentity } from './checks';
import { RoleChange } from './iam-observation';

/**
 * The credential timeline: while it records, every association change the
 * double makes and every IAM role change it sees pass to moto, each at its
 * time on a monotonic clock; and for each watched service account, whether
 * it has working credentials after each change. A service account has them
 * when an association names it (in its cluster and namespace) and the
 * association's role exists and trusts pods.eks.amazonaws.com with
 * sts:AssumeRole and sts:TagSession (checks.ts's `trustsPodIdentity`).
 * State only changes at events, so evaluating after each one sees every
 * interval.
 *
 * A credential gap is an interval during the recording in which a service
 * account that had working credentials at the start had none, even if it got
 * them back: what a "day two" change must never cause.
 *
 * Pure: the double hands in changes, a clock and the state to start from;
 * `TimelineRecorder` is the part that the double holds across recordings.
 *
 * Not modelled: the Pod Identity agent's credential cache (a pod keeps
 * credentials it already fetched until they expire), targetRoleArn chains,
 * and trust policy conditions.
 */

/** A service account whose credentials the timeline follows. */
export interface WatchedServiceAccount {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** @default - any region: an association in any region with that cluster name counts */
  readonly region?: string;
}

/** An IAM role as the timeline knows it. */
export interface RoleState {
  readonly roleArn: string;
  /** The trust policy document, JSON (not URL-encoded). */
  readonly trustPolicy: string;
}

/** One change: to an association (the double's own store) or to a role (IAM, through moto). */
export type TimelineChange =
  { readonly association: AssociationChange } | { readonly role: RoleChange };

/** A change as recorded: when, what, and what it meant, in words. */
export interface TimelineEvent {
  /** ms on the timeline's clock. */
  readonly at: number;
  readonly change: TimelineChange;
  /** E.g. "role eks-pod-identity-a deleted while association a-1… still names it". */
  readonly description: string;
}

/** An interval during which a service account that had had credentials had none. */
export interface CredentialInterval {
  /** ms on the timeline's clock. */
  readonly start: number;
  /** When it had credentials again, or when the recording stopped. */
  readonly end: number;
  readonly lengthMs: number;
  /** True if it still had none when the recording stopped. */
  readonly open: boolean;
  /** Why it had none once it opened, e.g. "no association for demo apps/reader". */
  readonly cause: string;
  /** The change(s) that took the credentials away (those of one operation). */
  readonly openedBy: readonly TimelineEvent[];
  /** The change(s) that gave them back; empty while open. */
  readonly closedBy: readonly TimelineEvent[];
}

/** What happened to one watched service account's credentials. */
export interface ServiceAccountReport {
  readonly serviceAccount: WatchedServiceAccount;
  readonly credentialsAtStart: boolean;
  /** Why it had credentials at the start, or why not. */
  readonly atStart: string;
  readonly credentialsAtEnd: boolean;
  readonly atEnd: string;
  /** Every interval without credentials after having had them, in order. */
  readonly intervals: readonly CredentialInterval[];
}

/** A credential gap: an interval of a service account that had credentials at the start. */
export interface CredentialGap extends CredentialInterval {
  readonly serviceAccount: WatchedServiceAccount;
}

export interface TimelineReport {
  readonly startedAt: number;
  readonly stoppedAt: number;
  readonly events: readonly TimelineEvent[];
  readonly serviceAccounts: readonly ServiceAccountReport[];
  /** Every credential gap, in the order they opened. */
  readonly gaps: readonly CredentialGap[];
}

/** What a recording starts from. */
export interface TimelineStart {
  readonly watched: readonly WatchedServiceAccount[];
  /** The associations that exist at the start. */
  readonly associations: readonly PodIdentityAssociation[];
  /** The IAM roles that exist at the start. */
  readonly roles: readonly RoleState[];
  /** A monotonic clock, in ms. */
  readonly clock: () => number;
  /** @default - clock() now */
  readonly startedAt?: number;
}

interface Verdict {
  readonly ok: boolean;
  readonly why: string;
}

interface Follow {
  readonly watched: WatchedServiceAccount;
  readonly atStart: Verdict;
  current: Verdict;
  hadCredentials: boolean;
  opened?: { readonly start: number; readonly cause: string; readonly by: TimelineEvent[] };
  readonly intervals: CredentialInterval[];
}

/** One recording, from its start state to `stop()`. */
export class CredentialTimeline {
  private readonly associations = new Map<string, PodIdentityAssociation>();
  /** Roles by name: IAM role names are unique in an account, whatever their path. */
  private readonly roles = new Map<string, RoleState>();
  private readonly events: TimelineEvent[] = [];
  private readonly follows: Follow[];
  private readonly startedAt: number;
  private stopped: TimelineReport | undefined;

  constructor(private readonly start: TimelineStart) {
    this.startedAt = start.startedAt ?? start.clock();
    for (const association of start.associations) {
      this.associations.set(association.associationId, association);
    }
    for (const role of start.roles) {
      const name = roleNameOf(role.roleArn);
      if (name !== undefined) this.roles.set(name, role);
    }
    this.follows = start.watched.map((watched) => {
      const verdict = this.credentialsOf(watched);
      return {
        watched,
        atStart: verdict,
        current: verdict,
        hadCredentials: verdict.ok,
        intervals: [],
      };
    });
  }

  /**
   * Applies the changes of one operation, then looks at every watched
   * service account. Returns the events recorded (none once stopped).
   */
  record(changes: readonly TimelineChange[], at = this.start.clock()): readonly TimelineEvent[] {
    if (this.stopped !== undefined || changes.length === 0) return [];
    const before = this.follows.map((f) => this.rolesNamedBy(f.watched));
    const events = changes.map((change) => {
      const event = { at, change, description: this.describe(change) };
      this.apply(change);
      return event;
    });
    this.events.push(...events);
    this.follows.forEach((follow, index) => {
      const verdict = this.credentialsOf(follow.watched);
      const was = follow.current;
      follow.current = verdict;
      if (was.ok === verdict.ok) return;
      const relevant = this.relevant(follow.watched, before[index], events);
      if (!verdict.ok && follow.hadCredentials) {
        follow.opened = { start: at, cause: verdict.why, by: relevant };
      } else if (verdict.ok) {
        follow.hadCredentials = true;
        if (follow.opened !== undefined) {
          follow.intervals.push(closed(follow.opened, at, false, relevant));
          follow.opened = undefined;
        }
      }
    });
    return events;
  }

  /** Ends the recording; an interval still open ends now. Calling it again gives the same report. */
  stop(at = this.start.clock()): TimelineReport {
    if (this.stopped !== undefined) return this.stopped;
    const serviceAccounts = this.follows.map((follow): ServiceAccountReport => {
      const intervals = [...follow.intervals];
      if (follow.opened !== undefined) intervals.push(closed(follow.opened, at, true, []));
      return {
        serviceAccount: follow.watched,
        credentialsAtStart: follow.atStart.ok,
        atStart: follow.atStart.why,
        credentialsAtEnd: follow.current.ok,
        atEnd: follow.current.why,
        intervals,
      };
    });
    const gaps = serviceAccounts
      .filter((report) => report.credentialsAtStart)
      .flatMap((report) =>
        report.intervals.map((interval) => ({
          ...interval,
          serviceAccount: report.serviceAccount,
        })),
      )
      .sort((a, b) => a.start - b.start);
    this.stopped = {
      startedAt: this.startedAt,
      stoppedAt: at,
      events: [...this.events],
      serviceAccounts,
      gaps,
    };
    return this.stopped;
  }

  private apply(change: TimelineChange): void {
    if ('association' in change) {
      const { kind, association } = change.association;
      if (kind === 'deleted') this.associations.delete(association.associationId);
      else this.associations.set(association.associationId, association);
      return;
    }
    const role = change.role;
    if (role.kind === 'created') {
      this.roles.set(role.roleName, { roleArn: role.roleArn, trustPolicy: role.trustPolicy });
    } else if (role.kind === 'deleted') {
      this.roles.delete(role.roleName);
    } else {
      const current = this.roles.get(role.roleName);
      if (current !== undefined) {
        this.roles.set(role.roleName, { ...current, trustPolicy: role.trustPolicy });
      }
    }
  }

  /** The change in words, read against the state before it. */
  private describe(change: TimelineChange): string {
    if ('association' in change) {
      const { kind, association: a, previousRoleArn } = change.association;
      const where = `${a.clusterName} ${a.namespace}/${a.serviceAccount}`;
      const owner = a.ownerArn === undefined ? '' : ` (add-on ${addonNameOf(a.ownerArn)})`;
      if (kind === 'created') {
        return `association ${a.associationId}${owner} created: ${where} → role ${roleLabel(a.roleArn)}`;
      }
      if (kind === 'role-changed') {
        return (
          `association ${a.associationId} (${where}) switched from role ` +
          `${roleLabel(previousRoleArn ?? '')} to role ${roleLabel(a.roleArn)}`
        );
      }
      return `association ${a.associationId}${owner} (${where}) deleted`;
    }
    const role = change.role;
    const naming = this.associationsNaming(role.roleName);
    if (role.kind === 'created') {
      const trust = trusts(role.trustPolicy) ? 'trusting' : 'not trusting';
      return `role ${role.roleName} created, ${trust} ${POD_IDENTITY_PRINCIPAL}`;
    }
    if (role.kind === 'deleted') {
      return naming.length === 0
        ? `role ${role.roleName} deleted`
        : `role ${role.roleName} deleted while ${associationList(naming)} still ${naming.length === 1 ? 'names' : 'name'} it`;
    }
    const verb = trusts(role.trustPolicy) ? 'allows' : 'no longer allows';
    const named = naming.length === 0 ? '' : ` (named by ${associationList(naming)})`;
    return (
      `trust policy of role ${role.roleName} updated${named}: it ${verb} ` +
      `${POD_IDENTITY_PRINCIPAL} ${REQUIRED_ACTIONS.join(' and ')}`
    );
  }

  private credentialsOf(watched: WatchedServiceAccount): Verdict {
    const matching = [...this.associations.values()].filter((a) => matches(watched, a));
    if (matching.length === 0) {
      return {
        ok: false,
        why: `no association for ${watched.cluster} ${watched.namespace}/${watched.serviceAccount}`,
      };
    }
    const verdicts = matching.map((a) => this.verdictOf(a));
    return verdicts.find((v) => v.ok) ?? verdicts[0];
  }

  private verdictOf(association: PodIdentityAssociation): Verdict {
    const { associationId: id, roleArn } = association;
    const name = roleNameOf(roleArn);
    const role = name === undefined ? undefined : this.roles.get(name);
    if (name === undefined || role?.roleArn !== roleArn) {
      return { ok: false, why: `association ${id} names role ${roleArn}, which does not exist` };
    }
    if (!trusts(role.trustPolicy)) {
      return {
        ok: false,
        why:
          `association ${id} names role ${name}, whose trust policy does not allow ` +
          `${POD_IDENTITY_PRINCIPAL} ${REQUIRED_ACTIONS.join(' and ')}`,
      };
    }
    return { ok: true, why: `association ${id} names role ${name}, which trusts Pod Identity` };
  }

  private associationsNaming(roleName: string): PodIdentityAssociation[] {
    return [...this.associations.values()].filter((a) => roleNameOf(a.roleArn) === roleName);
  }

  private rolesNamedBy(watched: WatchedServiceAccount): Set<string> {
    return new Set(
      [...this.associations.values()]
        .filter((a) => matches(watched, a))
        .map((a) => roleNameOf(a.roleArn) ?? ''),
    );
  }

  /** The events of a batch that concern this service account (all of them if none does). */
  private relevant(
    watched: WatchedServiceAccount,
    namedBefore: Set<string>,
    events: readonly TimelineEvent[],
  ): TimelineEvent[] {
    const named = new Set([...namedBefore, ...this.rolesNamedBy(watched)]);
    const concerning = events.filter(({ change }) =>
      'association' in change
        ? matches(watched, change.association.association)
        : named.has(change.role.roleName),
    );
    return concerning.length > 0 ? concerning : [...events];
  }
}

/** The double's side: one recording at a time, changes buffered while a start loads roles. */
export interface TimelineRecorderOptions {
  /** A monotonic clock, in ms. */
  readonly clock: () => number;
  /** The double's associations now. */
  readonly associations: () => readonly PodIdentityAssociation[];
  /** The IAM roles that exist now (moto's, for the double). */
  readonly roles: () => Promise<readonly RoleState[]>;
}

/** What a recording may be given to start from instead of asking. */
export interface InitialState {
  /** @default - the roles `TimelineRecorderOptions.roles` lists */
  readonly roles?: readonly RoleState[];
}

export class TimelineRecorder {
  private timeline: CredentialTimeline | undefined;
  /** Changes made while a start waits for the roles, with their times. */
  private pending: { at: number; changes: readonly TimelineChange[] }[] | undefined;

  constructor(private readonly options: TimelineRecorderOptions) {}

  /** Whether a recording is under way (or starting). */
  get recording(): boolean {
    return this.timeline !== undefined || this.pending !== undefined;
  }

  /**
   * Starts recording for `watched`, from the double's associations now and
   * the roles (given, or listed). Changes made while the roles are listed are
   * applied after them, in order, at their own times.
   */
  async start(
    watched: readonly WatchedServiceAccount[],
    initial: InitialState = {},
  ): Promise<void> {
    if (this.recording) throw new Error('the timeline is already recording: stop() it first');
    const startedAt = this.options.clock();
    const associations = this.options.associations();
    this.pending = [];
    let roles: readonly RoleState[];
    try {
      roles = initial.roles ?? (await this.options.roles());
    } catch (error) {
      this.pending = undefined;
      throw error;
    }
    if (this.pending === undefined) return; // reset() while starting
    const timeline = new CredentialTimeline({
      watched,
      associations,
      roles,
      clock: this.options.clock,
      startedAt,
    });
    for (const { at, changes } of this.pending) timeline.record(changes, at);
    this.pending = undefined;
    this.timeline = timeline;
  }

  /** Records the changes of one operation if a recording is under way. */
  record(changes: readonly TimelineChange[]): void {
    if (changes.length === 0) return;
    if (this.pending !== undefined) this.pending.push({ at: this.options.clock(), changes });
    else this.timeline?.record(changes);
  }

  /** Ends the recording and reports it. */
  stop(): TimelineReport {
    const timeline = this.timeline;
    if (timeline === undefined) throw new Error('the timeline is not recording: start() it first');
    this.timeline = undefined;
    return timeline.stop();
  }

  /** Drops any recording, without a report. */
  reset(): void {
    this.timeline = undefined;
    this.pending = undefined;
  }
}

function closed(
  opened: NonNullable<Follow['opened']>,
  end: number,
  open: boolean,
  by: readonly TimelineEvent[],
): CredentialInterval {
  return {
    start: opened.start,
    end,
    lengthMs: end - opened.start,
    open,
    cause: opened.cause,
    openedBy: opened.by,
    closedBy: by,
  };
}

function matches(watched: WatchedServiceAccount, a: PodIdentityAssociation): boolean {
  return (
    a.clusterName === watched.cluster &&
    a.namespace === watched.namespace &&
    a.serviceAccount === watched.serviceAccount &&
    (watched.region === undefined || regionOf(a.associationArn) === watched.region)
  );
}

/** The region of an EKS ARN (`arn:aws:eks:<region>:…`). */
function regionOf(arn: string): string | undefined {
  return arn.split(':')[3];
}

/** `trustsPodIdentity` reads the document URL-encoded, as IAM returns it. */
function trusts(document: string): boolean {
  return trustsPodIdentity(encodeURIComponent(document));
}

function roleLabel(roleArn: string): string {
  return roleNameOf(roleArn) ?? roleArn;
}

/** An add-on's name from its ARN (`…:addon/<cluster>/<name>/<uuid>`). */
function addonNameOf(addonArn: string): string {
  return addonArn.split('/')[2] ?? addonArn;
}

function associationList(associations: readonly PodIdentityAssociation[]): string {
  const ids = associations.map((a) => a.associationId).join(', ');
  return associations.length === 1 ? `association ${ids}` : `associations ${ids}`;
}
