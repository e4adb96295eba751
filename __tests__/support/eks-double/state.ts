import { AsyncLocalStorage } from 'node:async_hooks';
import { createStores, Stores } from './addons';
import { Lookups } from './checks';
import { EventuallyConsistentLookups, FaultInjector, FaultOptions } from './faults';
import { observeIamRequest, PassedRequest, RoleChange } from './iam-observation';
import { RoleState, TimelineRecorder } from './timeline';

/**
 * Everything the EKS double holds between requests, apart from its HTTP
 * server, so that `reset()` can put it back as new and a test can drive it
 * without a socket: the association and add-on stores, the operations it
 * answered, the IAM role changes it saw pass, the credential timeline and
 * the fault injector. routing.ts owns one and routes requests into it.
 */
export interface DoubleStateOptions {
  /** The account in ARNs. */
  readonly account: string;
  /** Epoch ms: the stores' timestamps and add-on transitions. */
  readonly clock: () => number;
  /** A monotonic clock in ms: the timeline's, and IAM propagation's. */
  readonly monotonicClock: () => number;
  /** How long an add-on stays CREATING, UPDATING or DELETING, in ms. */
  readonly addonTransitionMs: number;
  /** Where the checks find clusters and roles (moto, for the double). */
  readonly lookups: Lookups;
  /** The roles that exist now, for a timeline that starts without them. */
  readonly listRoles: () => Promise<readonly RoleState[]>;
  /** @default - no faults */
  readonly faults?: FaultOptions;
  /** Fixed ids for tests (AssociationStoreOptions). @default - random ones */
  readonly newAssociationId?: () => string;
}

export class DoubleState {
  readonly faults: FaultInjector;
  readonly timeline: TimelineRecorder;
  private storesNow: Stores;
  private readonly answered: string[] = [];
  private readonly roleChanges: RoleChange[] = [];
  /** When each observed role was created, on the monotonic clock. */
  private readonly births = new Map<string, number>();
  /** The operation a request is being answered for, to count what its look-ups hid. */
  private readonly operation = new AsyncLocalStorage<string>();

  constructor(private readonly options: DoubleStateOptions) {
    this.faults = new FaultInjector(options.faults);
    this.timeline = new TimelineRecorder({
      clock: options.monotonicClock,
      associations: () => this.storesNow.associations.snapshot(),
      roles: options.listRoles,
    });
    this.storesNow = this.newStores();
  }

  get stores(): Stores {
    return this.storesNow;
  }

  /** The operations the double answered itself (faults included), in order. */
  operations(): readonly string[] {
    return [...this.answered];
  }

  /** The IAM role changes seen passing to moto, in order. */
  iamChanges(): readonly RoleChange[] {
    return [...this.roleChanges];
  }

  /** Notes that the double answers a request of `operation` itself (with a fault, too). */
  noteAnswered(operation: string): void {
    this.answered.push(operation);
  }

  /** Runs the answer to a request of `operation`, with the operation known to the look-ups. */
  within<T>(operation: string, answer: () => T): T {
    return this.operation.run(operation, answer);
  }

  /** A request that passed to moto, once moto answered: notes the role change it made, if any. */
  observe(request: PassedRequest): RoleChange | undefined {
    const change = observeIamRequest(request, this.options.account);
    if (change === undefined) return undefined;
    this.roleChanges.push(change);
    if (change.kind === 'created') this.births.set(change.roleName, this.options.monotonicClock());
    if (change.kind === 'deleted') this.births.delete(change.roleName);
    this.timeline.record([{ role: change }]);
    return change;
  }

  /**
   * As new: empty stores, no operations or role changes noted, no recording,
   * no faults (`faults` gives the ones to start with, as at construction).
   */
  reset(faults: FaultOptions = this.options.faults ?? {}): void {
    this.timeline.reset();
    this.faults.reset();
    this.faults.configure(faults);
    this.answered.length = 0;
    this.roleChanges.length = 0;
    this.births.clear();
    this.storesNow = this.newStores();
  }

  private newStores(): Stores {
    const lookups = new EventuallyConsistentLookups(
      this.options.lookups,
      { createdAt: (name) => this.births.get(name) },
      this.options.monotonicClock,
      () => this.faults.iamPropagationMs,
      () => this.faults.count(this.operation.getStore() ?? 'unknown', 'IamPropagation'),
    );
    return createStores({
      account: this.options.account,
      clock: this.options.clock,
      transitionMs: this.options.addonTransitionMs,
      lookups,
      newAssociationId: this.options.newAssociationId,
      onAssociationChanges: (changes) =>
        this.timeline.record(changes.map((association) => ({ association }))),
    });
  }
}
