import { Lookups } from '../../support/eks-double/checks';
import { EksError, ErrorType } from '../../support/eks-double/errors';
import { PassedRequest } from '../../support/eks-double/iam-observation';

/**
 * What the EKS double's unit tests share: look-ups answered from maps instead
 * of moto, a clock the test moves, ids that count up instead of random ones,
 * and the refusal a call throws, so that each test can assert exact values
 * without moto or the network.
 */

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
/** The Pod Identity principal, allowed both actions, in one statement. */
export const POD_IDENTITY_STATEMENT = {
  Effect: 'Allow',
  Principal: { Service: 'pods.eks.amazonaws.com' },
  Action: ['sts:AssumeRole', 'sts:TagSession'],
} as const;

/** A trust policy as IAM returns it: JSON, URL-encoded. */
export function trustPolicy(...statements: readonly unknown[]): string {
  return encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
}

/** A SigV4 `Authorization` header for `service` (the signature itself is not checked). */
export function authorization(service: string): string {
  return (
    `AWS4-HMAC-SHA256 Credential=testing/20261128/${REGION}/${service}/aws4_request, ` +
    'SignedHeaders=host;x-amz-date, Signature=abc'
  );
}

export const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

/** An IAM query-protocol request as the SDK and Terraform send it (signed, form-encoded), answered 200. */
export function iamRequest(
  params: Record<string, string>,
  extra: Partial<PassedRequest> = {},
): PassedRequest {
  return {
    method: 'POST',
    url: '/',
    headers: { 'content-type': FORM, authorization: authorization('iam') },
    body: Buffer.from(new URLSearchParams({ Version: '2010-05-08', ...params }).toString()),
    status: 200,
    ...extra,
  };
}

/** Look-ups over maps: clusters by `region/name` to their version, roles by ARN to trust policy. */
export class FakeLookups implements Lookups {
  readonly clusters = new Map<string, string>();
  readonly roles = new Map<string, string>();
  /** Each look-up, in order, as `cluster region/name` or `role arn`. */
  readonly asked: string[] = [];
  /** When set, every look-up fails with it (moto unreachable, say). */
  failure: Error | undefined;

  withCluster(name: string, version: string, region = REGION): this {
    this.clusters.set(`${region}/${name}`, version);
    return this;
  }

  /** A role whose trust policy lets Pod Identity assume and tag it, unless `policy` says otherwise. */
  withRole(arn: string, policy = trustPolicy(POD_IDENTITY_STATEMENT)): this {
    this.roles.set(arn, policy);
    return this;
  }

  async clusterVersion(region: string, name: string): Promise<string | undefined> {
    this.asked.push(`cluster ${region}/${name}`);
    if (this.failure !== undefined) throw this.failure;
    return this.clusters.get(`${region}/${name}`);
  }

  async roleTrustPolicy(roleArn: string): Promise<string | undefined> {
    this.asked.push(`role ${roleArn}`);
    if (this.failure !== undefined) throw this.failure;
    return this.roles.get(roleArn);
  }
}

/** A clock that stands still until the test moves it; epoch ms. */
export class FakeClock {
  constructor(private ms = 1_700_000_000_000) {}

  readonly now = (): number => this.ms;

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Ids that count up from 1 behind a prefix, padded to `width` characters. */
export function countingIds(prefix: string, width: number): () => string {
  let next = 1;
  return () => `${prefix}${String(next++).padStart(width - prefix.length, '0')}`;
}

/** The refusal as the double sends it: error type and message. */
export interface Refusal {
  readonly type: ErrorType;
  readonly message: string;
}

/** What `fn` threw, as type and message; fails the test if it threw anything but an EksError. */
export function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (error) {
    return refusalOf(error);
  }
  throw new Error('expected a refusal, but the call succeeded');
}

/** What `promise` rejected with, as type and message. */
export async function asyncRefusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    return refusalOf(error);
  }
  throw new Error('expected a refusal, but the call succeeded');
}

function refusalOf(error: unknown): Refusal {
  if (!(error instanceof EksError)) throw error;
  return { type: error.type, message: error.message };
}
