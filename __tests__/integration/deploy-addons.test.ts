import { join } from 'node:path';
import {
  DescribeAddonCommand,
  DescribePodIdentityAssociationCommand,
  ListAddonsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { Identity } from '../../model/model';
import { policyJson } from '../../core/iam';
import { planRole, RolePlan } from '../../policy/role-plan';
import { EXAMPLES_DIR } from '../support/examples';
import {
  canonical,
  Inventory,
  LocalAws,
  managedPolicyDocument,
  MOTO_ACCOUNT,
  parsePolicyDocument,
  startLocalAws,
} from '../support/local-aws';
import { CommandResult } from '../support/run-command';
import {
  describeWithTerraform,
  readable,
  requireTerraformAndMirror,
  StackDeployment,
} from '../support/stack-deployment';
import { setUp } from '../support/before-all';

/**
 * A cluster's platform, deployed as a user does it: `cdktf deploy` of the
 * platform-add-ons example's AWS stack (the agent add-on, managed add-ons
 * with roles of their own, controller presets) with the real hashicorp/aws
 * provider against moto and the EKS double, whose add-on API checks what EKS
 * checks for `podIdentityAssociations`. Then every role's documents and every
 * add-on's associations are read back, a second plan must find nothing to
 * change, and a destroy must remove what the deploy created.
 */

jest.setTimeout(170_000);

const REGION = 'us-east-1';
const CLUSTER = 'example';
/** A Kubernetes version the double's add-on catalogue covers (moto's default, 1.19, is too old). */
const KUBERNETES_VERSION = '1.31';

describeWithTerraform(
  'cdktf deploy of add-ons and presets (platform-add-ons) against moto and the EKS double',
  () => {
    let aws: LocalAws | undefined;
    let deployment: StackDeployment | undefined;
    let deployed: Promise<CommandResult> | undefined;
    let baseline: Inventory | undefined;

    const local = (): LocalAws => setUp(aws, 'the local AWS did not start');
    const stack = (): StackDeployment => setUp(deployment, 'the deployment was never set up');
    /** The plan of an identity, in moto's account: what IAM must hold after the deploy. */
    const planOf = (identity: Identity): RolePlan =>
      planRole(identity, { partition: 'aws', region: REGION, accountId: MOTO_ACCOUNT });
    const roleArn = (identity: string) => {
      const found = stack().config.identities.find((i) => i.name === identity);
      return `arn:aws:iam::${MOTO_ACCOUNT}:role/${found?.role.name ?? '(none)'}`;
    };

    beforeAll(async () => {
      await requireTerraformAndMirror();
      aws = await startLocalAws();
      await aws.createClusters(REGION, [CLUSTER], KUBERNETES_VERSION);
      baseline = await aws.inventory([REGION]);
      deployment = new StackDeployment(
        'platform-add-ons',
        join(EXAMPLES_DIR, 'platform-add-ons.json'),
        aws,
      );
      deployed = deployment.deploy();
    }, 60_000);

    afterAll(async () => {
      try {
        await deployed?.catch(() => undefined);
      } finally {
        deployment?.remove();
        await aws?.stop();
      }
    }, 170_000);

    test('cdktf deploy <aws stack> --auto-approve succeeds', async () => {
      const result = await deployed;
      expect(result?.timedOut).toBe(false);
      expect({
        code: result?.code,
        output: readable(result as CommandResult).slice(-2000),
      }).toMatchObject({ code: 0 });
    });

    test('creates each role as its plan says: its trust policy, and exactly its managed and own policies', async () => {
      await deployed;
      const { iam } = local();
      const identities = stack().config.identities;
      expect(identities.map((i) => i.name).sort()).toEqual([
        'addon-amazon-cloudwatch-observability',
        'addon-aws-ebs-csi-driver',
        'addon-vpc-cni',
        'cert-manager',
        'external-dns',
        'external-secrets',
        'karpenter',
        'load-balancer-controller',
      ]);
      for (const identity of identities) {
        const plan = planOf(identity);
        const name = identity.role.name ?? '';
        const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: name }));
        expect([name, canonical(parsePolicyDocument(role?.AssumeRolePolicyDocument))]).toEqual([
          name,
          canonical(policyJson(plan.trust)),
        ]);
        const { AttachedPolicies: attached = [] } = await iam.send(
          new ListAttachedRolePoliciesCommand({ RoleName: name }),
        );
        const own = plan.customerPolicies.map(
          (p) => `arn:aws:iam::${MOTO_ACCOUNT}:policy/${name}-${p.nameSuffix}`,
        );
        expect([name, attached.map((p) => p.PolicyArn).sort()]).toEqual([
          name,
          [...plan.managedPolicies.map((p) => p.arn), ...own].sort(),
        ]);
        for (const [index, document] of plan.customerPolicies.entries()) {
          const applied = await managedPolicyDocument(iam, own[index]);
          expect([own[index], canonical(parsePolicyDocument(applied))]).toEqual([
            own[index],
            canonical(policyJson(document.statements)),
          ]);
        }
      }
    });

    test("creates every add-on, active, with EKS's default version where none is given", async () => {
      await deployed;
      const eks = local().eks(REGION);
      const { addons = [] } = await eks.send(new ListAddonsCommand({ clusterName: CLUSTER }));
      expect(addons.sort()).toEqual([
        'amazon-cloudwatch-observability',
        'aws-ebs-csi-driver',
        'coredns',
        'eks-pod-identity-agent',
        'kube-proxy',
        'vpc-cni',
      ]);
      for (const addonName of addons) {
        const { addon } = await eks.send(
          new DescribeAddonCommand({ clusterName: CLUSTER, addonName }),
        );
        expect([addonName, addon?.status, addon?.addonVersion]).toEqual([
          addonName,
          'ACTIVE',
          expect.stringMatching(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/),
        ]);
      }
    });

    test("associates each add-on's service account with its own role, in its namespace, owned by the add-on", async () => {
      await deployed;
      const eks = local().eks(REGION);
      const expected: Record<string, string> = {
        'vpc-cni': 'kube-system/aws-node',
        'aws-ebs-csi-driver': 'kube-system/ebs-csi-controller-sa',
        'amazon-cloudwatch-observability': 'amazon-cloudwatch/cloudwatch-agent',
      };
      for (const [addonName, where] of Object.entries(expected)) {
        const { addon } = await eks.send(
          new DescribeAddonCommand({ clusterName: CLUSTER, addonName }),
        );
        expect(addon?.podIdentityAssociations).toHaveLength(1);
        const [associationArn] = addon?.podIdentityAssociations ?? [];
        const associationId = associationArn.split('/').pop();
        const { association } = await eks.send(
          new DescribePodIdentityAssociationCommand({ clusterName: CLUSTER, associationId }),
        );
        expect({
          where: `${association?.namespace}/${association?.serviceAccount}`,
          roleArn: association?.roleArn,
          ownerArn: association?.ownerArn,
        }).toEqual({ where, roleArn: roleArn(`addon-${addonName}`), ownerArn: addon?.addonArn });
      }
      for (const addonName of ['coredns', 'kube-proxy', 'eks-pod-identity-agent']) {
        const { addon } = await eks.send(
          new DescribeAddonCommand({ clusterName: CLUSTER, addonName }),
        );
        expect([addonName, addon?.podIdentityAssociations ?? []]).toEqual([addonName, []]);
      }
    });

    test("associates each controller's service account, where its chart installs it, with its role", async () => {
      await deployed;
      const { associations = [] } = await local()
        .eks(REGION)
        .send(new ListPodIdentityAssociationsCommand({ clusterName: CLUSTER }));
      const own = associations.filter((a) => a.ownerArn === undefined);
      const described = await Promise.all(
        own.map((a) =>
          local()
            .eks(REGION)
            .send(
              new DescribePodIdentityAssociationCommand({
                clusterName: CLUSTER,
                associationId: a.associationId,
              }),
            ),
        ),
      );
      expect(
        described
          .map(
            (d) =>
              `${d.association?.namespace}/${d.association?.serviceAccount} -> ${d.association?.roleArn}`,
          )
          .sort(),
      ).toEqual(
        [
          `cert-manager/cert-manager -> ${roleArn('cert-manager')}`,
          `external-dns/external-dns -> ${roleArn('external-dns')}`,
          `external-secrets/external-secrets -> ${roleArn('external-secrets')}`,
          `kube-system/aws-load-balancer-controller -> ${roleArn('load-balancer-controller')}`,
          `kube-system/karpenter -> ${roleArn('karpenter')}`,
        ].sort(),
      );
    });

    test('plans no change right after the deploy (terraform plan -detailed-exitcode exits 0)', async () => {
      await deployed;
      const plan = await stack().plan();
      expect({ code: plan.code, output: readable(plan).slice(-2000) }).toMatchObject({ code: 0 });
    });

    test('cdktf destroy removes every role, policy, add-on and association it created', async () => {
      await deployed;
      const result = await stack().destroy();
      expect({ code: result.code, output: readable(result).slice(-2000) }).toMatchObject({
        code: 0,
      });
      const after = await local().inventory([REGION]);
      expect(after.roles).toEqual(baseline?.roles);
      expect(after.localPolicies).toEqual(baseline?.localPolicies);
      const { addons = [] } = await local()
        .eks(REGION)
        .send(new ListAddonsCommand({ clusterName: CLUSTER }));
      expect(addons).toEqual([]);
      // vpc-cni is deleted with `preserve` (the cluster's networking stays): EKS leaves
      // its software, and the double keeps its association, no longer owned.
      expect(after.associations).toEqual([`${REGION}/${CLUSTER}/kube-system/aws-node`]);
    });
  },
);
