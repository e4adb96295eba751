import { inFile } from '../../core/origin';
import { association } from '../support/config-files';
import { problemsOf, read } from './reading';

/**
 * Moving from IRSA to Pod Identity: existing roles used as they are, roles
 * adopted into the stack, and IRSA's trust kept while workloads move.
 */

const ACCOUNT = '123456789012';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`;
const EXISTING = `arn:aws:iam::${ACCOUNT}:role/teams/payments-api`;
const EXISTING_ROLE =
  'does not apply with role.arn: the existing role is used as it is, and this would change it';
const app = (extra: object, associations = [association('app', 'api', { kubernetes: false })]) => ({
  name: 'app',
  associations,
  ...extra,
});

describe('an existing role (role.arn)', () => {
  test('is used as it is: nothing to create, no S3 access granted, its ARN kept', () => {
    const [identity] = read({ identities: [app({ role: { arn: EXISTING } })] }).identities;

    expect(identity.role).toMatchObject({ kind: 'existing', arn: EXISTING, name: undefined });
    expect(identity.s3).toEqual({ access: 'none' });
    expect(identity.arns).toEqual([
      { arn: EXISTING, origin: inFile('identities', 0, 'role', 'arn') },
    ]);
  });

  test('refuses every setting that would change the role, each by its field', () => {
    expect(
      problemsOf({
        identities: [
          app({
            role: { arn: EXISTING, path: '/x/', description: 'd', tags: { team: 'a' } },
            preset: { name: 'ebs-csi' },
            s3: { access: 'none' },
            managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
            statements: [{ actions: ['s3:GetObject'], resources: ['*'] }],
            trust: { sourceAccount: true },
          }),
        ],
      }),
    ).toEqual([
      `identities[0].role.path: ${EXISTING_ROLE}`,
      `identities[0].role.description: ${EXISTING_ROLE}`,
      `identities[0].role.tags: ${EXISTING_ROLE}`,
      `identities[0].preset: ${EXISTING_ROLE}`,
      `identities[0].s3: ${EXISTING_ROLE}`,
      `identities[0].managedPolicyArns: ${EXISTING_ROLE}`,
      `identities[0].statements: ${EXISTING_ROLE}`,
      `identities[0].trust.sourceAccount: ${EXISTING_ROLE}`,
    ]);
  });

  test('refuses an ARN of the wrong shape, and one of another partition', () => {
    expect(problemsOf({ identities: [app({ role: { arn: 'arn:aws:iam::123:role/x' } })] })).toEqual(
      [
        'identities[0].role.arn: "arn:aws:iam::123:role/x" is not an IAM role ARN (arn:<partition>:iam::<account>:role/<path><name>)',
      ],
    );
    const china = `arn:aws-cn:iam::${ACCOUNT}:role/x`;
    expect(problemsOf({ identities: [app({ role: { arn: china } })] })).toEqual([
      `identities[0].role.arn: "${china}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });

  test('refuses the same role for two identities', () => {
    expect(
      problemsOf({
        identities: [
          app({ role: { arn: EXISTING } }),
          app({ name: 'other', role: { arn: EXISTING } }, [
            association('other', 'sa', { kubernetes: false }),
          ]),
        ],
      }),
    ).toEqual([
      `identities[1].role.arn: "${EXISTING}" is also the existing role of identities[0].role.arn: each existing role must be unique`,
    ]);
  });
});

describe('an adopted role (role.adopt)', () => {
  test('is imported by name, protected from deletion by default', () => {
    const [identity] = read({
      identities: [app({ role: { name: 'legacy-api', adopt: true } })],
    }).identities;

    expect(identity.role).toMatchObject({
      kind: 'adopted',
      name: 'legacy-api',
      adoption: { protect: true, release: false },
    });
  });

  test('needs the name IAM knows it by', () => {
    expect(problemsOf({ identities: [app({ role: { adopt: true } })] })).toEqual([
      'identities[0].role.adopt: needs role.name: the role to adopt is the one IAM knows by that name',
    ]);
  });

  test('cannot also be an existing role', () => {
    expect(problemsOf({ identities: [app({ role: { arn: EXISTING, adopt: true } })] })).toEqual([
      'identities[0].role.adopt: cannot be set together with arn: an existing role is used as it is, an adopted one is managed by the stack',
    ]);
  });

  test('refuses protect and release on a role it does not adopt', () => {
    expect(problemsOf({ identities: [app({ role: { protect: false, release: true } })] })).toEqual([
      'identities[0].role.protect: only applies with adopt: true',
      'identities[0].role.release: only applies with adopt: true',
    ]);
  });

  test('refuses the same role adopted by two identities', () => {
    expect(
      problemsOf({
        identities: [
          app({ role: { name: 'legacy-api', adopt: true } }),
          app({ name: 'other', role: { name: 'Legacy-API', adopt: true } }, [
            association('other', 'sa', { kubernetes: false }),
          ]),
        ],
      }),
    ).toEqual([
      'identities[1].role.name: "Legacy-API" is also the role name of identities[0].role.name ("legacy-api"): each role name must be unique',
    ]);
  });
});

describe("IRSA's trust while migrating (migrateFromIrsa)", () => {
  test('admits exactly the associated service accounts of each cluster, through its OIDC provider', () => {
    const other = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210`;
    const [identity] = read({
      clusters: [
        { name: 'blue', oidcProviderArn: PROVIDER },
        { name: 'green', oidcProviderArn: other },
      ],
      identities: [
        app({ migrateFromIrsa: true }, [
          association('app', 'api', { cluster: 'blue', kubernetes: false }),
          association('app', 'worker', { cluster: 'blue', kubernetes: false }),
          association('jobs', 'api', { cluster: 'green', kubernetes: false }),
        ]),
      ],
    }).identities;

    expect(identity.irsa).toEqual([
      {
        cluster: 'blue',
        oidcProviderArn: PROVIDER,
        issuer: 'oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF',
        subjects: ['system:serviceaccount:app:api', 'system:serviceaccount:app:worker'],
      },
      {
        cluster: 'green',
        oidcProviderArn: other,
        issuer: 'oidc.eks.us-east-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210',
        subjects: ['system:serviceaccount:jobs:api'],
      },
    ]);
  });

  test('refuses a cluster whose OIDC provider the configuration does not give', () => {
    expect(
      problemsOf({ clusters: [{ name: 'blue' }], identities: [app({ migrateFromIrsa: true })] }),
    ).toEqual([
      'identities[0].migrateFromIrsa: needs clusters[0].oidcProviderArn: the IRSA trust names the OIDC provider of cluster "blue", which the configuration does not give (npm run import-irsa finds it from the cluster)',
    ]);
  });

  test('refuses a generated role name: the annotation names the role', () => {
    expect(
      problemsOf({
        clusters: [{ name: 'blue', oidcProviderArn: PROVIDER }],
        identities: [app({ migrateFromIrsa: true, role: { namePrefix: 'app-' } })],
      }),
    ).toEqual([
      'identities[0].migrateFromIrsa: needs a role name, not role.namePrefix: the eks.amazonaws.com/role-arn annotation IRSA reads names the role',
    ]);
  });

  test("counts IRSA's statements in the trust policy's size, as IAM counts it", () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      association('payments', `service-account-${i}`, { kubernetes: false }),
    );
    const [problem] = problemsOf({
      clusters: [{ name: 'blue', oidcProviderArn: PROVIDER }],
      identities: [app({ migrateFromIrsa: true }, many)],
    });
    expect(problem).toMatch(
      /^identities\[0\]: has a trust policy of (\d+) characters, more than the 2048 IAM allows \(iamLimits\.trustPolicyCharacters raises it to at most 4096 once AWS has raised the quota\)$/,
    );
  });

  test('refuses an OIDC provider ARN of the wrong shape', () => {
    expect(
      problemsOf({
        clusters: [{ name: 'blue', oidcProviderArn: 'oidc.eks.us-east-1.amazonaws.com/id/X' }],
      }),
    ).toEqual([
      'clusters[0].oidcProviderArn: "oidc.eks.us-east-1.amazonaws.com/id/X" is not an IAM OIDC provider ARN (arn:<partition>:iam::<account>:oidc-provider/<issuer host and path>, such as \'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\')',
    ]);
  });
});
