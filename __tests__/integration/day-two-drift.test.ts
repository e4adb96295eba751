import { rmSync } from 'node:fs';
import {
  DeletePodIdentityAssociationCommand,
  DescribeAddonCommand,
  ListPodIdentityAssociationsCommand,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import {
  AttachRolePolicyCommand,
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { Model } from '../../model/model';
import { setUp } from '../support/before-all';
import { WRITE_FIGURES_VARIABLE, recordDayTwo } from '../support/day-two-summary';
import { temporaryDir } from '../support/cdktf-cli';
import { ChangeRun, REGION, serviceAccountsOf } from '../support/day-two';
import {
  addonActive,
  CliRun,
  cdktfDeploy,
  cdktfDiff,
  configuredState,
  DeployedState,
  deployedState,
  DriftFigures,
  figuresTable,
  GapSummary,
  gapSummaries,
  writeFigures,
} from '../support/drift';
import { TimelineReport } from '../support/eks-double/timeline';
import { LocalAws, startLocalAws } from '../support/local-aws';
import { CommandResult } from '../support/run-command';
import {
  describeWithTerraform,
  readable,
  requireTerraformAndMirror,
} from '../support/stack-deployment';

/**
 * Drift (issue 16, day two): a deployed configuration changed by hand, the way
 * it happens in an account (a trust policy "fixed" in the console, a policy
 * detached, an association deleted, an add-on's association removed). For
 * each change, from a fresh deploy against moto and the EKS double (every
 * request through the double, on its credential timeline):
 *
 * - `cdktf diff` (the real CLI, as a user runs it) names the resource and what
 *   it will do to it;
 * - one `cdktf deploy` puts IAM and EKS back exactly as configured (each role
 *   as its plan says, each association with its role and owner);
 * - `terraform plan -detailed-exitcode` then has nothing to do (exit 0);
 * - the credential gap the change opened (if any) is closed by that deploy,
 *   which opens none of its own; its length and the time the deploy took to
 *   close it are measured.
 *
 * And what a plan cannot see: a policy attached by hand, beside the
 * configured ones.
 *
 * `POD_IDENTITY_WRITE_FIGURES=1` writes the measured times into
 * docs/testing.md; without it they are printed.
 */

jest.setTimeout(170_000);

const CLUSTER = 'example';
const ROLE = 'eks-pod-identity-reports';
const ADDON = 'aws-ebs-csi-driver';
const ADDON_ROLE = 'eks-pod-identity-addon-aws-ebs-csi-driver';
const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

/** One identity (AmazonS3ReadOnlyAccess, an inline statement, an association) and an add-on with its own role. */
const CONFIGURATION = {
  environment: 'drift',
  region: REGION,
  clusters: [{ name: CLUSTER, addons: [{ name: ADDON }] }],
  identities: [
    {
      name: 'reports',
      statements: [
        {
          sid: 'ReadQueue',
          actions: ['sqs:ReceiveMessage'],
          resources: [`arn:aws:sqs:${REGION}:123456789012:reports`],
        },
      ],
      associations: [{ namespace: 'reports', serviceAccount: 'reader', kubernetes: false }],
    },
  ],
};
const LABEL = 'drift';

const document = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** What one drift case saw, from the change by hand to the plan after the deploy. */
interface DriftCase {
  readonly model: Model;
  readonly diff: CliRun;
  readonly deploy: CliRun;
  readonly timeline: TimelineReport;
  readonly gaps: readonly GapSummary[];
  /** `terraform plan -detailed-exitcode` after the deploy. */
  readonly replan: CommandResult;
  /** What IAM and EKS held after the deploy. */
  readonly after: DeployedState;
}

describeWithTerraform(
  'drift: changes made by hand, shown by cdktf diff and undone by cdktf deploy',
  () => {
    let aws: LocalAws | undefined;
    const dirs: string[] = [];
    const figures: DriftFigures[] = [];
    const local = (): LocalAws => setUp(aws, 'the local AWS did not start');

    beforeAll(async () => {
      await requireTerraformAndMirror();
      aws = await startLocalAws({ allThroughDouble: true });
    }, 60_000);

    afterAll(async () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await aws?.stop();
      if (figures.length === 0) return;
      const table = figuresTable(figures);
      if (process.env[WRITE_FIGURES_VARIABLE] === '1') {
        process.stderr.write(`drift figures written to ${writeFigures(table)}\n`);
      } else {
        process.stderr.write(
          `\ndrift figures (${WRITE_FIGURES_VARIABLE}=1 writes them):\n${table}\n`,
        );
      }
    });

    /** The configuration deployed into a fresh folder, against a fresh moto and double, checked. */
    async function deployed(): Promise<{ run: ChangeRun; model: Model }> {
      await local().reset();
      await local().createClusters(REGION, [CLUSTER], '1.31');
      const dir = temporaryDir('drift');
      dirs.push(dir);
      const run = new ChangeRun(local(), dir);
      const model = run.synth(CONFIGURATION, LABEL);
      await run.init();
      const apply = await run.apply();
      if (apply.code !== 0) throw new Error(`the first deploy failed: ${readable(apply)}`);
      const state = await deployedState(local(), model);
      expect(state).toEqual(configuredState(model));
      return { run, model };
    }

    /**
     * Deploys, starts the credential timeline, makes `change` by hand, then
     * `cdktf diff`, `cdktf deploy` and a plan that must find nothing to do.
     */
    async function driftAndRestore(drift: string, change: () => Promise<void>): Promise<DriftCase> {
      const { run, model } = await deployed();
      await local().double.timeline.start(serviceAccountsOf(model));
      await change();
      const diff = await cdktfDiff(run, LABEL);
      if (diff.result.code !== 0) throw new Error(`cdktf diff failed: ${readable(diff.result)}`);
      const deploy = await cdktfDeploy(run, LABEL);
      if (deploy.result.code !== 0)
        throw new Error(`cdktf deploy failed: ${readable(deploy.result)}`);
      const timeline = local().double.timeline.stop();
      const replan = await run.replan();
      const after = await deployedState(local(), model);
      const gaps = gapSummaries(timeline, deploy);
      figures.push({
        drift,
        diffSeconds: diff.seconds,
        deploySeconds: deploy.seconds,
        gap: gaps[0],
      });
      return { model, diff, deploy, timeline, gaps, replan, after };
    }

    /** The checks every case shares once its deploy has run. */
    /** The configured state back after one deploy; recorded in the suite's day-two figures. */
    function expectRestored(seen: DriftCase, name: string): void {
      expect({ code: seen.replan.code, output: readable(seen.replan).slice(-1500) }).toMatchObject({
        code: 0,
      });
      expect(seen.after).toEqual(configuredState(seen.model));
      // Every watched service account has credentials again, and the deploy took none away.
      expect(
        seen.timeline.serviceAccounts.map((s) => [s.serviceAccount, s.credentialsAtEnd]),
      ).toEqual(serviceAccountsOf(seen.model).map((s) => [s, true]));
      const openedByDeploy = seen.timeline.gaps.filter((g) => g.start >= seen.deploy.startedAt);
      expect(openedByDeploy).toEqual([]);
      recordDayTwo({
        kind: 'drift',
        name,
        detected: Object.keys(seen.diff.planned).length > 0,
        restored: true,
      });
    }

    /** The one gap a change opened, closed by the deploy it took to restore the configuration. */
    function expectGapClosedByDeploy(seen: DriftCase, serviceAccount: string): GapSummary {
      expect(seen.gaps).toHaveLength(1);
      const [gap] = seen.gaps;
      expect(gap).toMatchObject({ serviceAccount, open: false });
      expect(gap.closedAfterDeployStartSeconds).toBeGreaterThan(0);
      expect(gap.closedAfterDeployStartSeconds).toBeLessThanOrEqual(seen.deploy.seconds);
      expect(gap.seconds).toBeGreaterThan(gap.closedAfterDeployStartSeconds);
      return gap;
    }

    describe("1. a role's trust policy edited by hand", () => {
      let seen: DriftCase | undefined;
      const result = () => setUp(seen, 'the case did not run');

      beforeAll(async () => {
        seen = await driftAndRestore(
          'trust policy edited (TagSession dropped, EC2 added)',
          async () => {
            // "Tidied" by hand: sts:TagSession dropped, and EC2 added as a second principal.
            await local().iam.send(
              new UpdateAssumeRolePolicyCommand({
                RoleName: ROLE,
                PolicyDocument: document(
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'pods.eks.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'ec2.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                ),
              }),
            );
          },
        );
      }, 170_000);

      test('cdktf diff shows the role updated in place: sts:TagSession back, the EC2 statement gone', () => {
        const { diff } = result();
        expect(diff.planned).toEqual({ 'aws_iam_role reports/role': 'will be updated in-place' });
        expect(diff.lines).toEqual(
          expect.arrayContaining([
            '~ assume_role_policy = jsonencode(',
            '~ Action = "sts:AssumeRole" -> [',
            '+ "sts:TagSession",',
            '- Service = "ec2.amazonaws.com"',
            'Plan: 0 to add, 1 to change, 0 to destroy.',
          ]),
        );
      });

      test('one cdktf deploy restores the configured trust policy; the next plan has nothing to do', () => {
        const { deploy } = result();
        expect(deploy.lines).toContain(
          'Apply complete! Resources: 0 added, 1 changed, 0 destroyed.',
        );
        expectRestored(result(), "a role's trust policy edited by hand");
      });

      test('the gap the edit opened (no sts:TagSession) is closed by the deploy', () => {
        const gap = expectGapClosedByDeploy(result(), `${CLUSTER} reports/reader`);
        expect(gap.openedBy).toEqual([
          expect.stringMatching(
            new RegExp(
              `^trust policy of role ${ROLE} updated \\(named by association a-\\w+\\): it no longer allows pods\\.eks\\.amazonaws\\.com sts:AssumeRole and sts:TagSession$`,
            ),
          ),
        ]);
        expect(gap.closedBy).toEqual([
          expect.stringMatching(
            new RegExp(
              `^trust policy of role ${ROLE} updated .*: it allows pods\\.eks\\.amazonaws\\.com`,
            ),
          ),
        ]);
      });
    });

    describe('2. a managed policy detached by hand, and the inline policy widened', () => {
      let seen: DriftCase | undefined;
      const result = () => setUp(seen, 'the case did not run');

      beforeAll(async () => {
        seen = await driftAndRestore('managed policy detached, inline policy widened', async () => {
          await local().iam.send(
            new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: S3_READ_ONLY }),
          );
          await local().iam.send(
            new PutRolePolicyCommand({
              RoleName: ROLE,
              PolicyName: 'statements',
              PolicyDocument: document({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }),
            }),
          );
        });
      }, 170_000);

      test('cdktf diff shows the attachment created again and the inline policy updated in place', () => {
        const { diff } = result();
        // The role's terraform_data lists its attachments by ID: the new one's is new.
        expect(diff.planned).toEqual({
          'aws_iam_role_policy reports/statements': 'will be updated in-place',
          'aws_iam_role_policy_attachment reports/attach_AmazonS3ReadOnlyAccess': 'will be created',
          'terraform_data reports/permissions': 'will be updated in-place',
        });
        expect(diff.lines).toEqual(
          expect.arrayContaining([
            `+ policy_arn = "${S3_READ_ONLY}"`,
            '~ policy = jsonencode(',
            '~ Action = "sqs:*" -> "sqs:ReceiveMessage"',
            `~ Resource = "*" -> "arn:aws:sqs:${REGION}:123456789012:reports"`,
            'Plan: 1 to add, 2 to change, 0 to destroy.',
          ]),
        );
      });

      test('one cdktf deploy attaches the policy and restores the inline one; the next plan has nothing to do', () => {
        const { deploy } = result();
        expect(deploy.lines).toContain(
          'Apply complete! Resources: 1 added, 2 changed, 0 destroyed.',
        );
        expectRestored(result(), 'a policy detached by hand');
      });

      test('no credential gap: the role still trusts Pod Identity (what it lacked was a permission)', () => {
        expect(result().gaps).toEqual([]);
      });
    });

    describe('3. a Pod Identity association deleted by hand', () => {
      let seen: DriftCase | undefined;
      const result = () => setUp(seen, 'the case did not run');

      beforeAll(async () => {
        seen = await driftAndRestore('association deleted', async () => {
          const eks = local().eks(REGION);
          const { associations = [] } = await eks.send(
            new ListPodIdentityAssociationsCommand({ clusterName: CLUSTER, namespace: 'reports' }),
          );
          expect(associations).toHaveLength(1);
          await eks.send(
            new DeletePodIdentityAssociationCommand({
              clusterName: CLUSTER,
              associationId: associations[0].associationId,
            }),
          );
        });
      }, 170_000);

      test('cdktf diff shows it deleted outside Terraform, and created again', () => {
        const { diff } = result();
        expect(diff.changedOutside).toEqual({
          'aws_eks_pod_identity_association example_reports_reader/association': 'has been deleted',
        });
        expect(diff.planned).toEqual({
          'aws_eks_pod_identity_association example_reports_reader/association': 'will be created',
        });
        expect(diff.lines).toEqual(
          expect.arrayContaining([
            `+ role_arn = "arn:aws:iam::123456789012:role/${ROLE}"`,
            '+ service_account = "reader"',
            'Plan: 1 to add, 0 to change, 0 to destroy.',
          ]),
        );
      });

      test('one cdktf deploy creates it again with its role; the next plan has nothing to do', () => {
        const { deploy } = result();
        expect(deploy.lines).toContain(
          'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.',
        );
        expectRestored(result(), 'an association deleted by hand');
      });

      test('the gap opened by the deletion lasts until the deploy creates the association', () => {
        const gap = expectGapClosedByDeploy(result(), `${CLUSTER} reports/reader`);
        expect(gap.openedBy).toEqual([
          expect.stringMatching(/^association a-\w+ \(example reports\/reader\) deleted$/),
        ]);
        expect(gap.closedBy).toEqual([
          expect.stringMatching(
            new RegExp(`^association a-\\w+ created: example reports/reader → role ${ROLE}$`),
          ),
        ]);
      });
    });

    /**
     * EKS allows both: the user guide's "Remove Pod Identity associations from
     * an Amazon EKS add-on" is UpdateAddon with an empty list, and its "IAM
     * roles for Amazon EKS add-ons" says an add-on's association may also be
     * updated or deleted directly. Either way the add-on lists none after.
     */
    describe.each([
      {
        title: "4a. an add-on's association removed with UpdateAddon (podIdentityAssociations: [])",
        drift: "add-on's association removed (UpdateAddon)",
        change: async (aws: LocalAws) => {
          await aws.eks(REGION).send(
            new UpdateAddonCommand({
              clusterName: CLUSTER,
              addonName: ADDON,
              podIdentityAssociations: [],
            }),
          );
          // EKS updates the add-on for a moment; a deploy must find it ACTIVE.
          await addonActive(aws, CLUSTER, ADDON);
        },
      },
      {
        title: "4b. an add-on's association deleted directly (DeletePodIdentityAssociation)",
        drift: "add-on's association deleted (DeletePodIdentityAssociation)",
        change: async (aws: LocalAws) => {
          const eks = aws.eks(REGION);
          const { addon } = await eks.send(
            new DescribeAddonCommand({ clusterName: CLUSTER, addonName: ADDON }),
          );
          expect(addon?.podIdentityAssociations).toHaveLength(1);
          const associationId = addon?.podIdentityAssociations?.[0].split('/').pop();
          await eks.send(
            new DeletePodIdentityAssociationCommand({ clusterName: CLUSTER, associationId }),
          );
        },
      },
    ])('$title', ({ drift, change }) => {
      let seen: DriftCase | undefined;
      const result = () => setUp(seen, 'the case did not run');

      beforeAll(async () => {
        seen = await driftAndRestore(drift, async () => {
          await change(local());
          const { addon } = await local()
            .eks(REGION)
            .send(new DescribeAddonCommand({ clusterName: CLUSTER, addonName: ADDON }));
          expect(addon?.podIdentityAssociations).toEqual([]);
        });
      }, 170_000);

      test('cdktf diff shows the add-on updated in place: its pod_identity_association block back', () => {
        const { diff } = result();
        expect(diff.planned).toEqual({
          [`aws_eks_addon addon_${CLUSTER}_${ADDON}/addon`]: 'will be updated in-place',
        });
        expect(diff.lines).toEqual(
          expect.arrayContaining([
            '+ pod_identity_association {',
            `+ role_arn = "arn:aws:iam::123456789012:role/${ADDON_ROLE}"`,
            '+ service_account = "ebs-csi-controller-sa"',
            'Plan: 0 to add, 1 to change, 0 to destroy.',
          ]),
        );
      });

      test('one cdktf deploy gives the add-on its association again, owned by it; the next plan has nothing to do', async () => {
        const { deploy } = result();
        expect(deploy.lines).toContain(
          'Apply complete! Resources: 0 added, 1 changed, 0 destroyed.',
        );
        expectRestored(result(), drift);
        const { addon } = await local()
          .eks(REGION)
          .send(new DescribeAddonCommand({ clusterName: CLUSTER, addonName: ADDON }));
        expect(addon?.status).toBe('ACTIVE');
        expect(addon?.podIdentityAssociations).toHaveLength(1);
      });

      test("the add-on's service account is without credentials until the deploy", () => {
        const gap = expectGapClosedByDeploy(
          result(),
          `${CLUSTER} kube-system/ebs-csi-controller-sa`,
        );
        expect(gap.openedBy).toEqual([
          expect.stringMatching(
            new RegExp(
              `^association a-\\w+ \\(add-on ${ADDON}\\) \\(example kube-system/ebs-csi-controller-sa\\) deleted$`,
            ),
          ),
        ]);
        expect(gap.closedBy).toEqual([
          expect.stringMatching(
            new RegExp(
              `^association a-\\w+ \\(add-on ${ADDON}\\) created: example kube-system/ebs-csi-controller-sa → role ${ADDON_ROLE}$`,
            ),
          ),
        ]);
      });
    });

    describe('5. what a plan does not see: a policy attached by hand beside the configured ones', () => {
      let seen:
        { diff: CliRun; replan: CommandResult; model: Model; after: DeployedState } | undefined;
      const result = () => setUp(seen, 'the case did not run');

      beforeAll(async () => {
        const { run, model } = await deployed();
        await local().iam.send(
          new AttachRolePolicyCommand({
            RoleName: ROLE,
            PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          }),
        );
        await local().iam.send(
          new PutRolePolicyCommand({
            RoleName: ROLE,
            PolicyName: 'added-by-hand',
            PolicyDocument: document({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }),
          }),
        );
        const diff = await cdktfDiff(run, LABEL);
        if (diff.result.code !== 0) throw new Error(`cdktf diff failed: ${readable(diff.result)}`);
        const replan = await run.replan();
        const after = await deployedState(local(), model);
        figures.push({
          drift: 'policies added by hand (not seen)',
          diffSeconds: diff.seconds,
          deploySeconds: undefined,
          gap: undefined,
        });
        seen = { diff, replan, model, after };
      }, 170_000);

      test('cdktf diff and terraform plan find no change: Terraform knows only its own attachments', () => {
        const { diff, replan } = result();
        expect(diff.planned).toEqual({});
        expect(diff.lines).toContain('No changes. Your infrastructure matches the configuration.');
        expect(replan.code).toBe(0);
      });

      test('IAM keeps them (a deploy has nothing to do): the configured role plus what was added', () => {
        const { model, after } = result();
        const configured = configuredState(model);
        const role = configured.roles[ROLE];
        expect(after).toEqual({
          ...configured,
          roles: {
            ...configured.roles,
            [ROLE]: {
              ...role,
              attached: [...role.attached, 'arn:aws:iam::aws:policy/AdministratorAccess'].sort(),
              inline: {
                ...role.inline,
                'added-by-hand': {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
                },
              },
            },
          },
        });
      });
    });
  },
);
