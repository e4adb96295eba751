import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { actionsOf, resourceTypeArnOf } from '../../core/iam-actions';
import { documentGrants, Grant, grantCovers } from '../../review/grants';
import { managedPolicyDocument, MOTO_ACCOUNT, parsePolicyDocument } from './local-aws';

/**
 * What a role may do, as IAM holds it, asked of a real IAM evaluator
 * (`@cloud-copilot/iam-simulate`, AGPL-3.0, tests only) before and after a
 * change: the check on the review's predicted gains and losses. Each grant
 * of either side is turned into requests ("probes") that it allows: its
 * actions (a wildcard expanded to the actions AWS has, some of them), its
 * resource with each wildcard filled in, and a context that meets its
 * conditions. A probe whose decision differs before and after is a change
 * the review must have predicted; a grant the review predicts must have a
 * probe that changes.
 */

interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** A role's documents in IAM: every identity policy (managed and inline) and its boundary. */
export interface RoleDocuments {
  readonly roleName: string;
  readonly policies: readonly { readonly name: string; readonly document: PolicyDocument }[];
  readonly boundary?: PolicyDocument;
}

/** Reads a role's documents from IAM; undefined when IAM has no such role. */
export async function roleDocuments(
  iam: IAMClient,
  roleName: string,
): Promise<RoleDocuments | undefined> {
  const role = await iam.send(new GetRoleCommand({ RoleName: roleName })).catch(() => undefined);
  if (role?.Role === undefined) return undefined;
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  const policies: { name: string; document: PolicyDocument }[] = [];
  for (const policy of attached.AttachedPolicies ?? []) {
    const arn = policy.PolicyArn ?? '';
    policies.push({ name: arn, document: parsed(await managedPolicyDocument(iam, arn)) });
  }
  for (const name of inline.PolicyNames ?? []) {
    const { PolicyDocument: text } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }),
    );
    policies.push({
      name: `inline ${name}`,
      document: parsePolicyDocument(text) as PolicyDocument,
    });
  }
  const boundaryArn = role.Role.PermissionsBoundary?.PermissionsBoundaryArn;
  return {
    roleName,
    policies,
    ...(boundaryArn !== undefined && {
      boundary: parsed(await managedPolicyDocument(iam, boundaryArn)),
    }),
  };
}

/** A policy document as IAM returns it: JSON, or JSON URL-encoded (as the query protocol sends it). */
export function parsed(text: string): PolicyDocument {
  return (
    text.trim().startsWith('{') ? JSON.parse(text) : parsePolicyDocument(text)
  ) as PolicyDocument;
}

/** One request a pod may make. */
export interface Probe {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
  /** The grant it was made from. */
  readonly from: Grant;
}

/** The pod's session, as Pod Identity tags it: for policies that name its tags. */
export interface PodSessionTags {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** At most this many actions of one wildcard are asked. */
const ACTIONS_PER_WILDCARD = 12;

/** Requests that the grant allows: up to ACTIONS_PER_WILDCARD actions, one resource. */
export function probesOf(grant: Grant): Probe[] {
  if (grant.effect !== 'Allow' || grant.notAction || grant.targetKind !== 'resource') return [];
  const actions = concreteActions(grant.action);
  return actions.map((action) => ({
    action,
    resource: concreteResource(grant.target, action),
    context: contextMeeting(grant.conditions),
    from: grant,
  }));
}

function concreteActions(pattern: string): string[] {
  if (!/[*?]/.test(pattern)) return [pattern];
  const [service] = pattern.split(':');
  const names = service === '*' || pattern === '*' ? ['s3', 'sqs', 'ec2'] : [service];
  const matcher = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  const found = names.flatMap((name) =>
    (actionsOf(name) ?? []).map((a) => `${name}:${a}`).filter((a) => matcher.test(a)),
  );
  if (found.length <= ACTIONS_PER_WILDCARD) return found;
  // Spread over the list, so that Get*, List* and Put* all get asked.
  const step = found.length / ACTIONS_PER_WILDCARD;
  return Array.from({ length: ACTIONS_PER_WILDCARD }, (_, i) => found[Math.floor(i * step)]);
}

/**
 * A resource the grant covers: its own with each wildcard filled in, or for
 * `*` one of the kind the action acts on (its first resource type's ARN, in
 * the service authorization data), so the evaluator takes it.
 */
function concreteResource(target: string, action: string): string {
  if (target !== '*') return target.replace(/\*/g, 'probe').replace(/\?/g, 'x');
  const arn = resourceTypeArnOf(action);
  if (arn === undefined) return '*';
  return arn
    .replace(/\$\{Partition\}/g, 'aws')
    .replace(/\$\{Region\}/g, 'us-east-1')
    .replace(/\$\{Account\}/g, MOTO_ACCOUNT)
    .replace(/\$\{[^}]+\}/g, 'probe');
}

function contextMeeting(conditions: Grant['conditions']): Record<string, string> {
  const context: Record<string, string> = {};
  for (const condition of conditions) {
    const value = condition.values[0] ?? '';
    context[condition.variable] = value.replace(/\*/g, 'probe').replace(/\?/g, 'x');
  }
  return context;
}

export type Decision = 'Allowed' | 'Denied';

/** What IAM decides for a probe made with the role's credentials; undefined when the evaluator refuses it. */
export async function decide(
  role: RoleDocuments,
  probe: Probe,
  session: PodSessionTags,
): Promise<Decision | undefined> {
  const tags = {
    'aws:PrincipalTag/eks-cluster-name': session.cluster,
    'aws:PrincipalTag/kubernetes-namespace': session.namespace,
    'aws:PrincipalTag/kubernetes-service-account': session.serviceAccount,
  };
  const response = await runSimulation(
    {
      identityPolicies: role.policies.map((p) => ({ name: p.name, policy: p.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(role.boundary !== undefined && {
        permissionBoundaryPolicies: [{ name: 'boundary', policy: role.boundary }],
      }),
      request: {
        action: probe.action,
        principal: `arn:aws:sts::${MOTO_ACCOUNT}:assumed-role/${role.roleName}/eks-session`,
        resource: { resource: probe.resource, accountId: MOTO_ACCOUNT },
        contextVariables: { ...tags, ...probe.context },
      },
    },
    {},
  );
  if (response.resultType === 'error') return undefined;
  return response.overallResult === 'Allowed' ? 'Allowed' : 'Denied';
}

/** The grants of every document of a role. */
export function grantsOf(role: RoleDocuments | undefined): Grant[] {
  return (role?.policies ?? []).flatMap((p) => documentGrants(JSON.stringify(p.document)));
}

/** What the evaluator and a prediction disagree on, in words; empty when they agree. */
export interface PermissionCheck {
  /** Probes run (decided by the evaluator on both sides). */
  readonly probes: number;
  readonly disagreements: readonly string[];
}

/**
 * Holds predicted gains and losses to the evaluator: every probe of either
 * side's grants whose decision changes must be covered by a predicted gain
 * (allowed after) or loss (allowed before); every predicted gain and loss
 * must have a probe that changes its way.
 */
export async function checkPermissionChanges(
  before: RoleDocuments | undefined,
  after: RoleDocuments | undefined,
  predicted: { readonly gained: readonly Grant[]; readonly lost: readonly Grant[] },
  session: PodSessionTags,
): Promise<PermissionCheck> {
  const decideOn = async (role: RoleDocuments | undefined, probe: Probe) =>
    role === undefined ? 'Denied' : decide(role, probe, session);
  const disagreements: string[] = [];
  let probes = 0;
  const asProbeGrant = (probe: Probe): Grant => ({
    ...probe.from,
    action: probe.action,
    target: probe.resource,
  });
  const text = (probe: Probe) =>
    `${probe.action} on ${probe.resource}${Object.keys(probe.context).length > 0 ? ` with ${JSON.stringify(probe.context)}` : ''}`;

  for (const grant of [...grantsOf(before), ...grantsOf(after)]) {
    for (const probe of probesOf(grant)) {
      const was = await decideOn(before, probe);
      const is = await decideOn(after, probe);
      if (was === undefined || is === undefined) continue;
      probes += 1;
      if (was === is) continue;
      const list = is === 'Allowed' ? predicted.gained : predicted.lost;
      if (!list.some((g) => grantCovers(g, asProbeGrant(probe)))) {
        disagreements.push(
          `the evaluator ${is === 'Allowed' ? 'allows' : 'denies'} ${text(probe)} after (not before), and the review predicts no such ${is === 'Allowed' ? 'gain' : 'loss'}`,
        );
      }
    }
  }
  for (const [kind, list] of [
    ['gain', predicted.gained],
    ['loss', predicted.lost],
  ] as const) {
    for (const grant of list) {
      let witnessed = false;
      for (const probe of probesOf(grant)) {
        const was = await decideOn(before, probe);
        const is = await decideOn(after, probe);
        if (was !== undefined && is !== undefined && was !== is) {
          witnessed = (kind === 'gain') === (is === 'Allowed');
          if (witnessed) break;
        }
      }
      if (!witnessed) {
        disagreements.push(
          `the review predicts the ${kind} of ${grant.action} on ${grant.target}, and no request it allows changes so in the evaluator`,
        );
      }
    }
  }
  return { probes, disagreements };
}
