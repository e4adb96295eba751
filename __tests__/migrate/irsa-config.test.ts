import { ClusterFacts, IrsaAccount, RoleFacts } from '../../migrate/account';
import { migrateFromIrsa, Migration, reportLines } from '../../migrate/irsa-config';
import { parsePolicyText } from '../../migrate/irsa-trust';
import { readConfig } from '../../read/read-config';

/**
 * The translation of an account's IRSA roles into a configuration: what it
 * writes, exactly, and each kind of role it refuses, with the report line
 * that says why.
 */

const ACCOUNT = '123456789012';
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
const OTHER_ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210';
const OTHER_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OTHER_ISSUER}`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/irsa-boundary`;

const LEGACY: ClusterFacts = {
  name: 'legacy',
  issuer: `https://${ISSUER}`,
  oidcProviderArn: PROVIDER,
};

const sa = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;

/** IRSA's documented statement: the provider, the web identity action, aud and sub. */
function webIdentity(sub: string | string[], extra: Record<string, unknown> = {}) {
  return {
    Effect: 'Allow',
    Principal: { Federated: PROVIDER },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
    ...extra,
  };
}

const POD_IDENTITY = {
  Effect: 'Allow',
  Principal: { Service: 'pods.eks.amazonaws.com' },
  Action: ['sts:TagSession', 'sts:AssumeRole'],
};

/** A role at the root path with IAM's defaults and the given trust statements, as JSON. */
function role(name: string, statements: object[], facts: Partial<RoleFacts> = {}): RoleFacts {
  return {
    name,
    path: '/',
    description: undefined,
    maxSessionDuration: 3600,
    permissionsBoundary: undefined,
    tags: {},
    trustPolicy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    ...facts,
  };
}

function migrate(
  roles: readonly RoleFacts[],
  clusters: readonly ClusterFacts[] = [LEGACY],
  extra: Partial<IrsaAccount> = {},
): Migration {
  return migrateFromIrsa({
    region: 'us-east-1',
    environment: undefined,
    schema: './pod-identity.schema.json',
    clusters,
    roles,
    ...extra,
  });
}

const lines = (migration: Migration) => reportLines(migration.report);

/** The web role: a path, a description, a longer session, a boundary, tags; trust URL-encoded, as GetRole returns it. */
const WEB = role('IrsaWeb', [], {
  path: '/irsa/',
  description: 'Pods of web',
  maxSessionDuration: 7200,
  permissionsBoundary: BOUNDARY,
  tags: { team: 'web', cost: 'shop' },
  trustPolicy: encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [webIdentity([sa('web', 'frontend'), sa('web', 'api')])],
    }),
  ),
});
/** The worker role: one service account, and Pod Identity's statement already (eksctl's). */
const WORKER = role('irsa_worker', [webIdentity(sa('jobs', 'worker')), POD_IDENTITY]);

const EXPECTED_FILE = `{
  "$schema": "./pod-identity.schema.json",
  "region": "us-east-1",
  "clusters": [
    {
      "name": "legacy",
      "oidcProviderArn": "${PROVIDER}"
    }
  ],
  "identities": [
    {
      "name": "irsa-worker",
      "role": {
        "name": "irsa_worker",
        "adopt": true,
        "path": "/",
        "maxSessionDuration": 3600
      },
      "migrateFromIrsa": true,
      "s3": {
        "access": "none"
      },
      "associations": [
        {
          "cluster": "legacy",
          "namespace": "jobs",
          "serviceAccount": "worker",
          "kubernetes": false
        }
      ]
    },
    {
      "name": "irsaweb",
      "role": {
        "name": "IrsaWeb",
        "adopt": true,
        "path": "/irsa/",
        "description": "Pods of web",
        "maxSessionDuration": 7200,
        "permissionsBoundary": "${BOUNDARY}",
        "tags": {
          "cost": "shop",
          "team": "web"
        }
      },
      "migrateFromIrsa": true,
      "s3": {
        "access": "none"
      },
      "associations": [
        {
          "cluster": "legacy",
          "namespace": "web",
          "serviceAccount": "api",
          "kubernetes": false
        },
        {
          "cluster": "legacy",
          "namespace": "web",
          "serviceAccount": "frontend",
          "kubernetes": false
        }
      ]
    }
  ]
}
`;

describe('a configuration generated from IRSA roles', () => {
  test('adopts each role as IAM has it, with migrateFromIrsa and one association per trusted service account', () => {
    const migration = migrate([WEB, WORKER]);

    expect(migration.text).toBe(EXPECTED_FILE);
    expect(migration.problems).toEqual([]);
    expect(lines(migration)).toEqual([
      'translated role IrsaWeb as identity irsaweb: legacy/web/api, legacy/web/frontend',
      'translated role irsa_worker as identity irsa-worker: legacy/jobs/worker (it trusts pods.eks.amazonaws.com already)',
      '2 roles translated, 0 refused, 0 clusters left out',
    ]);
  });

  test("is read by the project's reader: adopted, protected roles keeping IRSA's trust, no S3 access, nothing created in the cluster", () => {
    const model = readConfig({ source: 'generated', file: migrate([WEB, WORKER]).config });

    const web = model.identities.find((identity) => identity.name === 'irsaweb');
    expect(web?.role).toMatchObject({
      kind: 'adopted',
      name: 'IrsaWeb',
      path: '/irsa/',
      adoption: { protect: true, release: false },
    });
    expect(web?.s3).toEqual({ access: 'none' });
    expect(web?.irsa).toEqual([
      {
        cluster: 'legacy',
        oidcProviderArn: PROVIDER,
        issuer: ISSUER,
        subjects: [sa('web', 'api'), sa('web', 'frontend')],
      },
    ]);
    expect(web?.associations.map((a) => a.kubernetes)).toEqual([undefined, undefined]);
  });

  test('is the same, byte for byte, whatever order IAM lists the roles, tags and service accounts in', () => {
    const shuffled = [
      role('irsa_worker', [POD_IDENTITY, webIdentity([sa('jobs', 'worker')])]),
      {
        ...WEB,
        tags: { cost: 'shop', team: 'web' },
        trustPolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: webIdentity([sa('web', 'api'), sa('web', 'frontend'), sa('web', 'api')]),
        }),
      },
    ];
    expect(migrate(shuffled).text).toBe(EXPECTED_FILE);
  });

  test('names the environment when one is given', () => {
    expect(migrate([WORKER], [LEGACY], { environment: 'legacy' }).config).toMatchObject({
      environment: 'legacy',
      region: 'us-east-1',
    });
  });

  test('associates a role trusted through several clusters on each, and leaves out a cluster without a provider', () => {
    const green: ClusterFacts = {
      name: 'green',
      issuer: `https://${OTHER_ISSUER}`,
      oidcProviderArn: OTHER_PROVIDER,
    };
    const old: ClusterFacts = {
      name: 'old',
      issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/00000000000000000000000000000000',
      oidcProviderArn: undefined,
    };
    const both = role('both', [
      webIdentity(sa('app', 'api')),
      {
        ...webIdentity([]),
        Principal: { Federated: OTHER_PROVIDER },
        Condition: { StringEquals: { [`${OTHER_ISSUER}:sub`]: sa('app', 'api') } },
      },
    ]);

    const migration = migrate([both], [old, green, LEGACY]);

    expect(migration.config?.clusters).toEqual([
      { name: 'green', oidcProviderArn: OTHER_PROVIDER },
      { name: 'legacy', oidcProviderArn: PROVIDER },
    ]);
    expect(lines(migration)).toEqual([
      'translated role both as identity both: green/app/api, legacy/app/api',
      'left out cluster old: no IAM OIDC provider has its issuer https://oidc.eks.us-east-1.amazonaws.com/id/00000000000000000000000000000000: no role trusts it through IRSA',
      '1 role translated, 0 refused, 1 cluster left out',
    ]);
  });

  test('notes clusters that share one provider (as moto gives every cluster one issuer), associated on each', () => {
    const twin = { ...LEGACY, name: 'twin' };
    const migration = migrate([WORKER], [LEGACY, twin]);

    expect(migration.config?.identities?.[0].associations?.map((a) => a.cluster)).toEqual([
      'legacy',
      'twin',
    ]);
    expect(lines(migration)).toContain(
      `note: clusters legacy, twin share the OIDC provider ${PROVIDER}: a role it trusts is associated on each`,
    );
  });

  test("reads only the roles whose trust names a cluster's provider: others are neither translated nor reported", () => {
    const ec2 = role('ec2-only', [
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const longer = role('longer-provider-id', [
      { ...webIdentity(sa('a', 'b')), Principal: { Federated: `${PROVIDER}0` } },
    ]);
    expect(lines(migrate([ec2, longer, WORKER]))).toEqual([
      'translated role irsa_worker as identity irsa-worker: legacy/jobs/worker (it trusts pods.eks.amazonaws.com already)',
      '1 role translated, 0 refused, 0 clusters left out',
    ]);
  });
});

describe('roles refused, each with its reason, never guessed', () => {
  const LOSES = "the adopted role's trust policy would lose it";
  const UNDERSTOOD = 'only StringEquals on :sub, and :aud = "sts.amazonaws.com"';

  test.each<[string, object[], string[]]>([
    [
      'a wildcard in sub (StringLike with *)',
      [
        {
          ...webIdentity([]),
          Condition: { StringLike: { [`${ISSUER}:sub`]: sa('batch', '*') } },
        },
      ],
      [
        'statement 1 matches :sub "system:serviceaccount:batch:*" with StringLike: the service accounts a wildcard admits cannot be listed as associations',
      ],
    ],
    [
      'a wildcard in sub (StringLike with ?)',
      [
        {
          ...webIdentity([]),
          Sid: 'Jobs',
          Condition: { StringLike: { [`${ISSUER}:sub`]: [sa('jobs', 'job-?')] } },
        },
      ],
      [
        'statement 1 (Jobs) matches :sub "system:serviceaccount:jobs:job-?" with StringLike: the service accounts a wildcard admits cannot be listed as associations',
      ],
    ],
    [
      'StringLike without a wildcard',
      [{ ...webIdentity([]), Condition: { StringLike: { [`${ISSUER}:sub`]: sa('a', 'b') } } }],
      [
        `statement 1 has condition StringLike "${ISSUER}:sub" "system:serviceaccount:a:b", which is not understood (${UNDERSTOOD})`,
      ],
    ],
    [
      'a condition on another key',
      [
        webIdentity(sa('a', 'b'), {
          Condition: {
            StringEquals: { [`${ISSUER}:sub`]: sa('a', 'b') },
            IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
          },
        }),
      ],
      [
        `statement 1 has condition IpAddress "aws:SourceIp" "10.0.0.0/8", which is not understood (${UNDERSTOOD})`,
      ],
    ],
    [
      'another audience',
      [
        webIdentity(sa('a', 'b'), {
          Condition: {
            StringEquals: { [`${ISSUER}:sub`]: sa('a', 'b'), [`${ISSUER}:aud`]: 'vault' },
          },
        }),
      ],
      [
        `statement 1 has condition StringEquals "${ISSUER}:aud" "vault", which is not understood (${UNDERSTOOD})`,
      ],
    ],
    [
      'a set operator on sub',
      [
        webIdentity(sa('a', 'b'), {
          Condition: { 'ForAnyValue:StringEquals': { [`${ISSUER}:sub`]: [sa('a', 'b')] } },
        }),
      ],
      [
        `statement 1 has condition ForAnyValue:StringEquals "${ISSUER}:sub" ["system:serviceaccount:a:b"], which is not understood (${UNDERSTOOD})`,
      ],
    ],
    [
      'no sub condition (any service account)',
      [
        webIdentity([], {
          Condition: { StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
        }),
      ],
      ['statement 1 has no :sub condition: it admits every service account of the cluster'],
    ],
    [
      'no condition at all',
      [webIdentity([], { Condition: undefined })],
      ['statement 1 has no :sub condition: it admits every service account of the cluster'],
    ],
    [
      'a sub that is not a service account',
      [webIdentity(['system:serviceaccount:Web:API', 'repo:acme/app:ref:refs/heads/main'])],
      [
        'statement 1 has :sub "system:serviceaccount:Web:API", not system:serviceaccount:<namespace>:<service account>',
        'statement 1 has :sub "repo:acme/app:ref:refs/heads/main", not system:serviceaccount:<namespace>:<service account>',
      ],
    ],
    [
      'trust by a service too',
      [
        webIdentity(sa('a', 'b')),
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
      [
        `statement 2 trusts Service "ec2.amazonaws.com", not only the clusters' OIDC providers: ${LOSES}`,
      ],
    ],
    [
      'trust by an AWS account too',
      [
        webIdentity(sa('a', 'b')),
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:root'] },
          Action: 'sts:AssumeRole',
        },
      ],
      [
        `statement 2 trusts AWS "arn:aws:iam::111122223333:root", not only the clusters' OIDC providers: ${LOSES}`,
      ],
    ],
    [
      'trust by everyone',
      [webIdentity(sa('a', 'b')), { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }],
      [`statement 2 trusts principal "*": ${LOSES}`],
    ],
    [
      'trust by another OIDC provider (a cluster not given)',
      [
        webIdentity(sa('a', 'b')),
        { ...webIdentity(sa('a', 'b')), Principal: { Federated: OTHER_PROVIDER } },
      ],
      [
        `statement 2 trusts Federated "${OTHER_PROVIDER}", not the OIDC provider of a cluster given: ${LOSES}`,
      ],
    ],
    [
      'a Deny statement',
      [webIdentity(sa('a', 'b')), { ...webIdentity(sa('a', 'other')), Effect: 'Deny' }],
      [`statement 2 denies (Effect "Deny"): ${LOSES}`],
    ],
    [
      'an action besides the web identity',
      [webIdentity(sa('a', 'b'), { Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] })],
      [
        'statement 1 allows "sts:TagSession", which is not understood (only sts:AssumeRoleWithWebIdentity)',
      ],
    ],
    [
      'NotPrincipal or NotAction',
      [webIdentity(sa('a', 'b')), { Effect: 'Allow', NotPrincipal: { AWS: '*' }, NotAction: '*' }],
      ['statement 2 has "NotPrincipal", "NotAction", which is not understood'],
    ],
    [
      "Pod Identity's statement with conditions of its own",
      [
        webIdentity(sa('a', 'b')),
        {
          ...POD_IDENTITY,
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        },
      ],
      [
        `statement 2 trusts Service "pods.eks.amazonaws.com" with actions or conditions other than Pod Identity's own: ${LOSES}`,
      ],
    ],
  ])('%s', (_, statements, reasons) => {
    const migration = migrate([role('legacy-role', statements), WORKER]);

    expect(lines(migration)).toEqual([
      'translated role irsa_worker as identity irsa-worker: legacy/jobs/worker (it trusts pods.eks.amazonaws.com already)',
      ...reasons.map((reason) => `refused role legacy-role: ${reason}`),
      '1 role translated, 1 refused, 0 clusters left out',
    ]);
    expect(migration.config?.identities?.map((identity) => identity.name)).toEqual(['irsa-worker']);
  });

  test('a trust policy that is not JSON', () => {
    const broken = role('broken', [], { trustPolicy: `%7B%22x%22%3A%22${PROVIDER}%22` });
    expect(lines(migrate([broken, WORKER]))).toContain(
      'refused role broken: its trust policy is not JSON',
    );
  });

  test('a service account trusted by two roles: which one its annotation names is not known', () => {
    const copy = role('irsa-worker-copy', [
      webIdentity([sa('jobs', 'worker'), sa('jobs', 'cron')]),
    ]);
    const migration = migrate([copy, WORKER, WEB]);

    expect(lines(migration)).toEqual([
      'translated role IrsaWeb as identity irsaweb: legacy/web/api, legacy/web/frontend',
      'refused role irsa-worker-copy: service account legacy/jobs/worker is trusted by role irsa_worker too: Pod Identity maps a service account to one role, and which one its eks.amazonaws.com/role-arn annotation names is not known here',
      'refused role irsa_worker: service account legacy/jobs/worker is trusted by role irsa-worker-copy too: Pod Identity maps a service account to one role, and which one its eks.amazonaws.com/role-arn annotation names is not known here',
      '1 role translated, 2 refused, 0 clusters left out',
    ]);
  });

  test("one the project's reader refuses: Pod Identity's statement beside IRSA's would pass IAM's trust policy limit", () => {
    // 2,040 characters in IAM: Pod Identity's statement beside it makes 2,230.
    const accounts = Array.from({ length: 31 }, (_, i) => sa('payments', `service-account-${i}`));
    const big = role('big', [webIdentity(accounts)]);
    expect(big.trustPolicy).toHaveLength(2040);
    const migration = migrate([big, WORKER]);

    expect(lines(migration)).toEqual([
      'translated role irsa_worker as identity irsa-worker: legacy/jobs/worker (it trusts pods.eks.amazonaws.com already)',
      "refused role big: the project's reader refuses it: has a trust policy of 2230 characters, more than the 2048 IAM allows (iamLimits.trustPolicyCharacters raises it to at most 4096 once AWS has raised the quota)",
      '1 role translated, 1 refused, 0 clusters left out',
    ]);
    expect(migration.text).toBeDefined();
  });
});

describe('nothing written', () => {
  test('when no role could be translated', () => {
    const migration = migrate([role('wild', [webIdentity([], { Condition: undefined })])]);

    expect(migration.text).toBeUndefined();
    expect(migration.problems).toEqual(['no role could be translated: there is nothing to write']);
  });

  test('when no cluster has an OIDC provider', () => {
    const migration = migrate([WORKER], [{ ...LEGACY, oidcProviderArn: undefined }]);

    expect(migration.text).toBeUndefined();
    expect(lines(migration)).toEqual([
      `left out cluster legacy: no IAM OIDC provider has its issuer https://${ISSUER}: no role trusts it through IRSA`,
      '0 roles translated, 0 refused, 1 cluster left out',
    ]);
  });

  test('when the reader refuses the file as a whole, with its problems', () => {
    const migration = migrate([WORKER], [LEGACY], { environment: 'Legacy_Env' });

    expect(migration.text).toBeUndefined();
    expect(migration.config).toBeUndefined();
    expect(migration.problems).toEqual([
      `environment: "Legacy_Env" is not an environment label (at most 32 lowercase letters, digits and '-', starting and ending with a letter or digit)`,
    ]);
  });
});

describe('trust policies as IAM returns them', () => {
  const document = { Version: '2012-10-17', Statement: [POD_IDENTITY] };

  test("URL-encoded (GetRole) or as JSON (moto's ListRoles) read the same", () => {
    expect(parsePolicyText(encodeURIComponent(JSON.stringify(document)))).toEqual(document);
    expect(parsePolicyText(JSON.stringify(document, null, 2))).toEqual(document);
  });
});
