import { runSimulation } from '@cloud-copilot/iam-simulate';
import { parse } from './synth';

/**
 * A real IAM policy evaluator, `@cloud-copilot/iam-simulate` (AGPL-3.0, a
 * devDependency that only tests import), run on the documents of a
 * synthesized AWS stack: identity policies, trust policies, permissions
 * boundaries, every condition operator and IAM policy variables. moto
 * evaluates none of the conditions, so scoping is shown here.
 *
 * The documents are read from the synthesized Terraform JSON (the
 * `aws_iam_policy_document` data sources), not from the policy layer's own
 * rendering, with Terraform's `&{...}` escape turned back into IAM's `${...}`
 * and Terraform references to the account replaced by `ACCOUNT`.
 */

export const ACCOUNT = '111122223333';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

interface DataStatement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly principals?: readonly { type: string; identifiers: readonly string[] }[];
  readonly condition?: readonly { test: string; variable: string; values: readonly string[] }[];
}

interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** The role of one identity, as the stack creates it. */
export interface SynthesizedRole {
  readonly trust: PolicyDocument;
  /** Customer managed and inline policies, by Terraform name. */
  readonly policies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  /** AWS-managed (or other existing) policy ARNs attached as they are. */
  readonly attachedArns: readonly string[];
  readonly permissionsBoundary?: string;
}

/** The role `roleName` of a synthesized AWS stack, with its documents. */
export function synthesizedRole(stack: string, roleName: string): SynthesizedRole {
  const json = parse(stack);
  const resources = json.resource ?? {};
  const documents = json.data?.aws_iam_policy_document ?? {};
  const documentOf = (reference: unknown): PolicyDocument => {
    const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(reference));
    if (match === null) throw new Error(`not a policy document reference: ${String(reference)}`);
    return toPolicy(documents[match[1]].statement as readonly DataStatement[]);
  };
  const roles = Object.entries(resources.aws_iam_role ?? {});
  const found = roles.find(([, role]) => role.name === roleName);
  if (found === undefined) {
    throw new Error(
      `no role ${roleName} (roles: ${roles.map(([, r]) => String(r.name)).join(', ')})`,
    );
  }
  const [id, role] = found;
  const ofRole = (value: unknown) => value === `\${aws_iam_role.${id}.name}`;
  const attachments = Object.values(resources.aws_iam_role_policy_attachment ?? {}).filter((a) =>
    ofRole(a.role),
  );
  const policies = resources.aws_iam_policy ?? {};
  const customer = attachments.flatMap((attachment) => {
    const match = /^\$\{aws_iam_policy\.([^.]+)\.arn\}$/.exec(String(attachment.policy_arn));
    return match === null
      ? []
      : [{ name: match[1], policy: documentOf(policies[match[1]].policy) }];
  });
  const inline = Object.entries(resources.aws_iam_role_policy ?? {})
    .filter(([, policy]) => ofRole(policy.role))
    .map(([name, policy]) => ({ name, policy: documentOf(policy.policy) }));
  return {
    trust: documentOf(role.assume_role_policy),
    policies: [...customer, ...inline],
    attachedArns: attachments
      .map((a) => String(a.policy_arn))
      .filter((arn) => !arn.startsWith('${')),
    ...(typeof role.permissions_boundary === 'string' && {
      permissionsBoundary: role.permissions_boundary,
    }),
  };
}

/** IAM's JSON for the statements of an `aws_iam_policy_document`. */
function toPolicy(statements: readonly DataStatement[]): PolicyDocument {
  const text = (value: string) =>
    value
      .replace(/&\{/g, '${')
      .replace(/\$\{data\.aws_caller_identity\.[^.]+\.account_id\}/g, ACCOUNT);
  const list = (values: readonly string[]) => values.map(text);
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.condition ?? []) {
        condition[c.test] = { ...condition[c.test], [c.variable]: list(c.values) };
      }
      const principal: Record<string, string[]> = {};
      for (const p of s.principals ?? []) principal[p.type] = list(p.identifiers);
      return {
        ...(s.sid !== undefined && { Sid: s.sid }),
        Effect: s.effect ?? 'Allow',
        Action: list(s.actions ?? []),
        ...(s.resources !== undefined && { Resource: list(s.resources) }),
        ...(s.principals !== undefined && { Principal: principal }),
        ...(s.condition !== undefined && { Condition: condition }),
      };
    }),
  };
}

export interface PodRequest {
  readonly action: string;
  readonly resource: string;
  /** The session's tags, as Pod Identity sets them (`kubernetes-namespace`, ...). */
  readonly sessionTags?: Readonly<Record<string, string>>;
  /** Further context keys of the request (`s3:prefix`, `kms:ViaService`). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** A permissions boundary's document, for a role that has one. */
  readonly boundary?: PolicyDocument;
  /**
   * The resource's own policy. KMS keys always have one; by default a KMS
   * request gets AWS's default key policy, which lets IAM policies of the
   * account grant the key ("Enable IAM User Permissions").
   */
  readonly resourcePolicy?: PolicyDocument;
}

/** AWS's default key policy: the account's IAM policies decide. */
export const DEFAULT_KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

/** What IAM decides for a request a pod makes with the role's credentials. */
export async function podRequest(role: SynthesizedRole, request: PodRequest): Promise<Decision> {
  const tags = Object.fromEntries(
    Object.entries(request.sessionTags ?? {}).map(([key, value]) => [
      `aws:PrincipalTag/${key}`,
      value,
    ]),
  );
  const resourcePolicy =
    request.resourcePolicy ?? (request.action.startsWith('kms:') ? DEFAULT_KEY_POLICY : undefined);
  const response = await runSimulation(
    {
      identityPolicies: role.policies.map((p) => ({ name: p.name, policy: p.policy })),
      ...(resourcePolicy !== undefined && { resourcePolicy }),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.boundary !== undefined && {
        permissionBoundaryPolicies: [{ name: 'boundary', policy: request.boundary }],
      }),
      request: {
        action: request.action,
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/eks-session`,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: { ...tags, ...request.context },
      },
    },
    {},
  );
  return decisionOf(response);
}

/** What IAM decides when Pod Identity asks to assume the role with these session tags. */
export async function assumeRole(
  role: SynthesizedRole,
  action: 'sts:AssumeRole' | 'sts:TagSession',
  sessionTags: Readonly<Record<string, string>>,
  context: Readonly<Record<string, string>> = {},
): Promise<Decision> {
  const tags = Object.fromEntries(
    Object.entries(sessionTags).map(([key, value]) => [`aws:RequestTag/${key}`, value]),
  );
  const response = await runSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: role.trust,
      request: {
        action,
        principal: 'pods.eks.amazonaws.com',
        resource: { resource: `arn:aws:iam::${ACCOUNT}:role/pod-role`, accountId: ACCOUNT },
        contextVariables: { ...tags, 'aws:TagKeys': Object.keys(sessionTags), ...context },
      },
    },
    {},
  );
  return decisionOf(response);
}

function decisionOf(response: Awaited<ReturnType<typeof runSimulation>>): Decision {
  if (response.resultType === 'error') {
    throw new Error(`the simulation refused its input: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult as Decision;
}

/**
 * What IAM decides when a pod presents its projected service account token
 * to STS (IRSA): a web identity from the OIDC provider `provider`, with the
 * token's audience and subject.
 */
export async function assumeRoleWithWebIdentity(
  role: SynthesizedRole,
  provider: string,
  token: { readonly aud: string; readonly sub: string },
): Promise<Decision> {
  // iam-simulate 0.1.173 evaluates only the condition keys AWS lists for an action, and for
  // AssumeRoleWithWebIdentity those are the keys of a few named providers (accounts.google.com:aud,
  // :sub, ...), not an EKS cluster's. So the request's provider is named accounts.google.com in
  // the keys of the trust and of the request alike: the Federated principal still tells the
  // clusters' providers apart, and StringEquals compares the same strings.
  const issuer = provider.slice(provider.indexOf(':oidc-provider/') + 15);
  const keysOf = (text: string) => text.split(`${issuer}:`).join('accounts.google.com:');
  const response = await runSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: JSON.parse(keysOf(JSON.stringify(role.trust))) as PolicyDocument,
      request: {
        action: 'sts:AssumeRoleWithWebIdentity',
        principal: provider,
        resource: { resource: `arn:aws:iam::${ACCOUNT}:role/pod-role`, accountId: ACCOUNT },
        contextVariables: {
          'accounts.google.com:aud': token.aud,
          'accounts.google.com:sub': token.sub,
        },
      },
    },
    {},
  );
  return decisionOf(response);
}
