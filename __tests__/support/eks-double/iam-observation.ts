import { IncomingHttpHeaders } from 'node:http';

/**
 * What the EKS double sees of IAM as requests pass through it to moto (when
 * `AWS_ENDPOINT_URL` points at the double too): the role changes that decide
 * whether a pod's association still gives it credentials. IAM speaks the
 * query protocol, a form-encoded POST body (`Action=CreateRole&RoleName=…`);
 * the double copies the bytes as they stream past and reads them here once
 * moto has answered, so nothing it forwards is changed (SigV4 still holds).
 *
 * Pure functions: routing.ts hands in the request's method, headers and body
 * and moto's status, and gets back the change, if any.
 *
 * Not observed: roles created or deleted through other actions (none exist in
 * IAM), instance profiles, and requests whose body is over the copy limit.
 */

/** A role change as IAM made it, after moto accepted it. */
export type RoleChange =
  | {
      readonly kind: 'created';
      readonly roleName: string;
      readonly roleArn: string;
      /** The trust policy document as sent (JSON, not URL-encoded). */
      readonly trustPolicy: string;
    }
  | { readonly kind: 'trust-updated'; readonly roleName: string; readonly trustPolicy: string }
  | { readonly kind: 'deleted'; readonly roleName: string };

/** The IAM actions that change whether a role can serve a Pod Identity association. */
export const OBSERVED_ACTIONS: readonly string[] = [
  'CreateRole',
  'UpdateAssumeRolePolicy',
  'DeleteRole',
];

/** Bodies copied at most this large: IAM's own request limit is far below it. */
export const MAX_OBSERVED_BODY_BYTES = 1 << 20;

/** An IAM request as it passed through, and moto's answer to it. */
export interface PassedRequest {
  readonly method: string;
  /** Path and query, as the request line had it. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The body's bytes, as sent (undefined when not copied). */
  readonly body: Buffer | undefined;
  /** moto's HTTP status. */
  readonly status: number;
}

/**
 * Whether the double should copy this request's body to read it afterwards:
 * a form-encoded POST, signed for IAM or not signed at all. Everything else
 * (S3 uploads, JSON APIs) streams past uncopied.
 */
export function mayBeIamChange(method: string, headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type'] ?? '';
  const service = signingService(headers);
  return (
    method === 'POST' &&
    type.toLowerCase().startsWith('application/x-www-form-urlencoded') &&
    (service === undefined || service === 'iam')
  );
}

/**
 * The role change a request made, if it is one of OBSERVED_ACTIONS and moto
 * answered 2xx; `account` goes into a created role's ARN (IAM is global, so
 * the partition is `aws`).
 */
export function observeIamRequest(request: PassedRequest, account: string): RoleChange | undefined {
  if (request.status < 200 || request.status > 299) return undefined;
  if (request.body === undefined || !mayBeIamChange(request.method, request.headers)) {
    return undefined;
  }
  // The query protocol allows parameters in the query string too; the body wins.
  const query = new URL(request.url, 'http://double').searchParams;
  const form = new URLSearchParams(request.body.toString('utf8'));
  const param = (name: string) => form.get(name) ?? query.get(name) ?? undefined;
  const action = param('Action');
  const roleName = param('RoleName');
  if (action === undefined || roleName === undefined || roleName === '') return undefined;
  switch (action) {
    case 'CreateRole': {
      const path = param('Path') ?? '/';
      return {
        kind: 'created',
        roleName,
        roleArn: `arn:aws:iam::${account}:role${path}${roleName}`,
        trustPolicy: param('AssumeRolePolicyDocument') ?? '',
      };
    }
    case 'UpdateAssumeRolePolicy':
      return { kind: 'trust-updated', roleName, trustPolicy: param('PolicyDocument') ?? '' };
    case 'DeleteRole':
      return { kind: 'deleted', roleName };
    default:
      return undefined;
  }
}

/** The service of a SigV4 `Authorization` header's credential scope, if any. */
export function signingService(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? '')?.[1];
}
