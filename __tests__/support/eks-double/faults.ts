import { Lookups, roleNameOf } from './checks';
import { ErrorType } from './errors';

/**
 * Faults the EKS double can put in the way of a deploy, to show that it
 * still converges (docs/research-eks-faults.md says what EKS sends and what
 * hashicorp/aws 5.100.0 retries):
 *
 * - throttling and server errors in place of a seeded pseudo-random share of
 *   the double's own EKS answers (`FaultInjector`), as EKS sends them: 429
 *   `ThrottlingException` `{"message":"Rate exceeded"}`, 500
 *   `ServerException`, 503 `ServiceUnavailableException`. The request then
 *   changes nothing, as a throttled one does not.
 * - IAM's eventual consistency (`EventuallyConsistentLookups`): a role that
 *   CreateRole made less than `iamPropagationMs` ago is one EKS's checks do
 *   not find yet, so CreatePodIdentityAssociation, UpdatePodIdentityAssociation
 *   and CreateAddon/UpdateAddon with `podIdentityAssociations` naming it are
 *   refused as EKS refuses a role that does not exist.
 *
 * Every fault is counted by kind and operation, for a test's summary.
 */

/** The faults, by the error type the client sees; `IamPropagation` is the refusal of a new role. */
export type FaultKind =
  'ThrottlingException' | 'ServerException' | 'ServiceUnavailableException' | 'IamPropagation';

/** A share of requests to fail, and which operations. */
export interface FaultRate {
  /** From 0 (none) to 1 (every one). */
  readonly rate: number;
  /** API operation names, e.g. `CreatePodIdentityAssociation`. @default - every operation the double answers */
  readonly operations?: readonly string[];
}

export interface FaultOptions {
  /** Seed of the pseudo-random draws: the same seed and requests give the same faults. @default 1 */
  readonly seed?: number;
  /** 429 ThrottlingException. @default - none */
  readonly throttling?: FaultRate;
  /** 500 ServerException or 503 ServiceUnavailableException, half each. @default - none */
  readonly serverErrors?: FaultRate;
  /**
   * How long after the observed CreateRole a role stays invisible to EKS's
   * checks, in ms (needs IAM to go through the double). @default 0
   */
  readonly iamPropagationMs?: number;
}

/** A fault in place of an answer: status, type and message, as EKS sends them. */
export interface InjectedFault {
  readonly status: number;
  readonly type: ErrorType;
  readonly message: string;
}

/** Injected faults: in all, by kind, and by operation and kind. */
export interface FaultSummary {
  readonly total: number;
  readonly byKind: Readonly<Record<FaultKind, number>>;
  readonly byOperation: Readonly<Record<string, Readonly<Partial<Record<FaultKind, number>>>>>;
}

/** The message EKS's front end sends with a 429 (as for every AWS JSON API behind it). */
export const THROTTLING_MESSAGE = 'Rate exceeded';
/** The double's own wording: EKS's for these is not documented. */
const SERVER_MESSAGE = 'The double injected a server error (ServerException).';
const UNAVAILABLE_MESSAGE = 'The double injected an outage (ServiceUnavailableException).';

const FAULTS: Readonly<Record<Exclude<FaultKind, 'IamPropagation'>, InjectedFault>> = {
  ThrottlingException: { status: 429, type: 'ThrottlingException', message: THROTTLING_MESSAGE },
  ServerException: { status: 500, type: 'ServerException', message: SERVER_MESSAGE },
  ServiceUnavailableException: {
    status: 503,
    type: 'ServiceUnavailableException',
    message: UNAVAILABLE_MESSAGE,
  },
};

/**
 * Mulberry32: a small seeded generator of numbers in [0, 1), so that a run's
 * faults can be replayed from its seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, whether the double answers with a fault; counts them. */
export class FaultInjector {
  private options: FaultOptions = {};
  private random = seededRandom(1);
  private counts = new Map<string, Map<FaultKind, number>>();

  constructor(options: FaultOptions = {}) {
    this.configure(options);
  }

  /** New options; the generator starts again from their seed. Counts are kept. */
  configure(options: FaultOptions): void {
    for (const [name, fault] of [
      ['throttling', options.throttling],
      ['serverErrors', options.serverErrors],
    ] as const) {
      if (fault !== undefined && !(fault.rate >= 0 && fault.rate <= 1)) {
        throw new Error(`faults.${name}.rate must be from 0 to 1, got ${fault.rate}`);
      }
    }
    const sum = (options.throttling?.rate ?? 0) + (options.serverErrors?.rate ?? 0);
    if (sum > 1) throw new Error(`faults' rates add up to ${sum}, over 1`);
    if (options.iamPropagationMs !== undefined && !(options.iamPropagationMs >= 0)) {
      throw new Error(`faults.iamPropagationMs must be ≥ 0, got ${options.iamPropagationMs}`);
    }
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
  }

  /** How long a new role stays invisible to EKS's checks, in ms. */
  get iamPropagationMs(): number {
    return this.options.iamPropagationMs ?? 0;
  }

  /**
   * The fault to answer this request of `operation` with, if any. Draws from
   * the generator only for operations some fault applies to, so that adding
   * requests of other operations does not move the faults of these.
   */
  draw(operation: string): InjectedFault | undefined {
    const throttling = applies(this.options.throttling, operation);
    const server = applies(this.options.serverErrors, operation);
    if (throttling === 0 && server === 0) return undefined;
    const r = this.random();
    if (r < throttling) return this.injected(operation, 'ThrottlingException');
    if (r < throttling + server) {
      // Which of the two: the draw's place within the server share, so one draw decides.
      const kind =
        (r - throttling) / server < 0.5 ? 'ServerException' : 'ServiceUnavailableException';
      return this.injected(operation, kind);
    }
    return undefined;
  }

  /** Counts a fault injected elsewhere (an IAM propagation refusal). */
  count(operation: string, kind: FaultKind): void {
    const byKind = this.counts.get(operation) ?? new Map<FaultKind, number>();
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    this.counts.set(operation, byKind);
  }

  summary(): FaultSummary {
    const byKind: Record<FaultKind, number> = {
      ThrottlingException: 0,
      ServerException: 0,
      ServiceUnavailableException: 0,
      IamPropagation: 0,
    };
    const byOperation: Record<string, Partial<Record<FaultKind, number>>> = {};
    let total = 0;
    for (const [operation, kinds] of this.counts) {
      byOperation[operation] = Object.fromEntries(kinds);
      for (const [kind, n] of kinds) {
        byKind[kind] += n;
        total += n;
      }
    }
    return { total, byKind, byOperation };
  }

  /** No faults, the default seed, no counts. */
  reset(): void {
    this.configure({});
    this.counts = new Map();
  }

  private injected(operation: string, kind: Exclude<FaultKind, 'IamPropagation'>): InjectedFault {
    this.count(operation, kind);
    return FAULTS[kind];
  }
}

function applies(fault: FaultRate | undefined, operation: string): number {
  if (fault === undefined) return 0;
  return fault.operations === undefined || fault.operations.includes(operation) ? fault.rate : 0;
}

/** When each role was created, by name, on the double's monotonic clock (from observed CreateRoles). */
export interface RoleBirths {
  createdAt(roleName: string): number | undefined;
}

/**
 * Look-ups as EKS makes them while IAM has not propagated a new role: a role
 * created less than `propagationMs()` ago is not found (EKS then answers
 * InvalidParameterException "Role provided in the request does not exist.",
 * checks.ts's wording). Everything else is the inner look-ups' answer.
 */
export class EventuallyConsistentLookups implements Lookups {
  constructor(
    private readonly inner: Lookups,
    private readonly births: RoleBirths,
    private readonly clock: () => number,
    private readonly propagationMs: () => number,
    /** Told of each role hidden, e.g. to count it. */
    private readonly onHidden: (roleArn: string) => void = () => undefined,
  ) {}

  clusterVersion(region: string, name: string): Promise<string | undefined> {
    return this.inner.clusterVersion(region, name);
  }

  async roleTrustPolicy(roleArn: string): Promise<string | undefined> {
    const name = roleNameOf(roleArn);
    const born = name === undefined ? undefined : this.births.createdAt(name);
    if (born !== undefined && this.clock() - born < this.propagationMs()) {
      this.onHidden(roleArn);
      return undefined;
    }
    return this.inner.roleTrustPolicy(roleArn);
  }
}
