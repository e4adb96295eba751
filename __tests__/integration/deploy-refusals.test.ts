import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePodIdentityAssociationCommand } from '@aws-sdk/client-eks';
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { EXAMPLES_DIR } from '../support/examples';
import { LocalAws, MOTO_ACCOUNT, parsePolicyDocument, startLocalAws } from '../support/local-aws';
import { CommandResult } from '../support/run-command';
import {
  describeWithTerraform,
  initialized,
  inTurn,
  readable,
  requireTerraformAndMirror,
  StackDeployment,
} from '../support/stack-deployment';
import { setUp } from '../support/before-all';

/**
 * What EKS refuses reaches the user through Terraform as an error they can
 * read. The refusals come from the EKS Pod Identity double, which checks what
 * EKS checks; each case gets a deploy of its own against one moto, which is
 * thrown away afterwards (a refused deploy leaves its role behind, as on AWS).
 */

jest.setTimeout(170_000);

const REGION = 'us-east-1';
const PODS_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
});

describeWithTerraform('refusals of the EKS Pod Identity API, as cdktf deploy reports them', () => {
  let aws: LocalAws | undefined;
  let takenBy: { associationId: string; roleArn: string } | undefined;
  let taken: StackDeployment | undefined;
  let untrusted: StackDeployment | undefined;
  let results: Promise<CommandResult>[] = [];

  const local = (): LocalAws => setUp(aws, 'the local AWS did not start');

  beforeAll(async () => {
    await requireTerraformAndMirror();
    aws = await startLocalAws();
    await aws.createClusters(REGION, ['example']);

    // Someone else already maps the tutorial's service account on cluster example.
    const { Role } = await aws.iam.send(
      new CreateRoleCommand({
        RoleName: 'someone-elses-role',
        AssumeRolePolicyDocument: PODS_TRUST,
      }),
    );
    const { association } = await aws.eks(REGION).send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'example',
        namespace: 'example',
        serviceAccount: 'exampleserviceaccount',
        roleArn: Role?.Arn,
      }),
    );
    takenBy = { associationId: association?.associationId ?? '', roleArn: Role?.Arn ?? '' };

    taken = new StackDeployment('taken-pair', undefined, aws);
    untrusted = new StackDeployment(
      'untrusted-role',
      join(EXAMPLES_DIR, 'bucket-scoped-read.json'),
      aws,
    );
    results = inTurn(
      [taken, untrusted],
      (d) => (d === untrusted ? deployWithEc2Trust(d) : d.deploy()),
      initialized,
    );
  }, 60_000);

  afterAll(async () => {
    try {
      await Promise.allSettled(results);
    } finally {
      taken?.remove();
      untrusted?.remove();
      await aws?.stop();
    }
  }, 170_000);

  /**
   * Our stacks always write the trust EKS needs, so the way to hand EKS a role
   * that does not trust pods.eks.amazonaws.com is to change the synthesized
   * stack: its trust policy document gets ec2.amazonaws.com as principal, and
   * that JSON is deployed as is (`cdktf deploy --skip-synth`).
   */
  async function deployWithEc2Trust(d: StackDeployment): Promise<CommandResult> {
    const synth = await d.synth();
    if (synth.code !== 0) return synth;
    const stack = JSON.parse(readFileSync(d.stackFile, 'utf8')) as SynthesizedStack;
    const documents = Object.entries(stack.data?.aws_iam_policy_document ?? {});
    const trust = documents.filter(([id]) => id.includes('assume_role'));
    if (trust.length !== 1) {
      throw new Error(`expected one trust policy document, found ${documents.map(([id]) => id)}`);
    }
    for (const statement of trust[0][1].statement) {
      for (const principal of statement.principals ?? []) {
        principal.identifiers = ['ec2.amazonaws.com'];
      }
    }
    writeFileSync(d.stackFile, JSON.stringify(stack, null, 2));
    return d.deploySynthesized();
  }

  test('a namespace/service account pair another association already has on the cluster: ResourceInUseException, Association already exists', async () => {
    const result = await results[0];
    expect(result.code).not.toBe(0);
    const output = readable(result);
    expect(output).toContain('ResourceInUseException');
    expect(output).toContain(`Association already exists: ${takenBy?.associationId}`);
    expect(output).toContain(
      'Error: creating AWS EKS (Elastic Kubernetes) Pod Identity Association',
    );
    // The other association is untouched, and no second one was made.
    expect(
      local()
        .double.associations()
        .map((a) => [a.clusterName, a.namespace, a.serviceAccount, a.roleArn]),
    ).toEqual([['example', 'example', 'exampleserviceaccount', takenBy?.roleArn]]);
  });

  test('a role that does not trust pods.eks.amazonaws.com: InvalidParameterException, trust policy invalid', async () => {
    const result = await results[1];
    expect(result.code).not.toBe(0);
    const output = readable(result);
    expect(output).toContain('InvalidParameterException');
    expect(output).toContain('Trust policy of the role provided is invalid');
    // The role went in with the changed trust, and EKS refused to associate it.
    const { Role } = await local().iam.send(
      new GetRoleCommand({ RoleName: 'eks-pod-identity-reports' }),
    );
    expect(parsePolicyDocument(Role?.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [{ Principal: { Service: 'ec2.amazonaws.com' } }],
    });
    expect(Role?.Arn).toBe(`arn:aws:iam::${MOTO_ACCOUNT}:role/eks-pod-identity-reports`);
    expect(
      local()
        .double.associations()
        .filter((a) => a.namespace === 'reports'),
    ).toEqual([]);
  });
});

interface SynthesizedStack {
  data?: {
    aws_iam_policy_document?: Record<
      string,
      { statement: { principals?: { type: string; identifiers: string[] }[] }[] }
    >;
  };
}
