import { inFile } from '../../core/origin';
import { association, identity } from '../support/config-files';
import {
  read,
  problemsOf,
  oneIdentity,
  tags,
  firstIdentity,
  resolvedIdentity,
  IAM_ROLE_NAME,
  IAM_ROLE_NAME_PREFIX,
  POLICY_ARN,
  NO_ASSOCIATION,
} from './reading';

describe('readConfig: identities', () => {
  it('reads several identities, each with its defaults', () => {
    const config = read({ identities: [identity('reader'), identity('writer')] });

    expect(config.identities).toStrictEqual([
      resolvedIdentity('reader', 0),
      resolvedIdentity('writer', 1),
    ]);
  });

  it('refuses an identity without a name', () => {
    expect(problemsOf({ identities: [{ associations: [association('app', 'app-sa')] }] })).toEqual([
      'identities[0].name: is required',
    ]);
  });

  it('refuses an empty identity list', () => {
    expect(problemsOf({ identities: [] })).toEqual([
      "identities: [] is empty: list at least one identity, or leave identities out for the tutorial's",
    ]);
  });

  it('refuses the same identity name twice', () => {
    const file = {
      identities: [
        identity('app'),
        identity('app', {
          role: { name: 'other-role' },
          associations: [association('other', 'other-sa')],
        }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].name: "app" is also the identity name of identities[0].name: each identity name must be unique',
    ]);
  });

  it.each(['aws', 'backend', 'current', 'roles', 'addons'])(
    'refuses the identity name %s, which the AWS stack gives one of its own constructs',
    (name) => {
      expect(problemsOf({ identities: [identity(name)] })).toEqual([
        `identities[0].name: "${name}" is not an identity name (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit; not addons, aws, backend, current or roles, the names the AWS stack gives its own constructs)`,
      ]);
    },
  );

  it('accepts names that only start with a reserved one', () => {
    expect(
      read({ identities: [identity('aws-reader'), identity('backend-api')] }).identities.map(
        (i) => i.name,
      ),
    ).toEqual(['aws-reader', 'backend-api']);
  });

  it('refuses an identity without the associations key', () => {
    expect(problemsOf({ identities: [{ name: 'app' }] })).toEqual([
      `identities[0].associations: is required: ${NO_ASSOCIATION}`,
    ]);
  });

  it('refuses an identity with an empty association list', () => {
    expect(problemsOf(oneIdentity({ associations: [] }))).toEqual([
      `identities[0].associations: [] is empty: ${NO_ASSOCIATION}`,
    ]);
  });
});

describe('readConfig: roles', () => {
  it('reads every role option', () => {
    const role = {
      name: 'reader',
      path: '/pods/',
      description: 'Reads the reports bucket',
      permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundaries/pods',
      maxSessionDuration: 7200,
      tags: { team: 'pods' },
    };

    const reader = firstIdentity(read(oneIdentity({ role })));
    expect(reader.role).toStrictEqual({
      ...role,
      kind: 'created',
      arn: undefined,
      adoption: undefined,
      namePrefix: undefined,
      nameOrigin: inFile('identities', 0, 'role', 'name'),
    });
    // The boundary's partition is checked with the region: it is an ARN written there.
    expect(reader.arns).toStrictEqual([
      {
        arn: role.permissionsBoundary,
        origin: inFile('identities', 0, 'role', 'permissionsBoundary'),
      },
    ]);
  });

  it('reads a name prefix instead of a name', () => {
    expect(
      firstIdentity(read(oneIdentity({ role: { namePrefix: 'reader-' } }))).role,
    ).toStrictEqual({
      kind: 'created',
      arn: undefined,
      adoption: undefined,
      name: undefined,
      namePrefix: 'reader-',
      nameOrigin: inFile('identities', 0, 'role', 'namePrefix'),
      path: undefined,
      description: undefined,
      permissionsBoundary: undefined,
      maxSessionDuration: undefined,
      tags: {},
    });
  });

  it('derives the role name from the identity name', () => {
    expect(firstIdentity(read(oneIdentity())).role.name).toBe('eks-pod-identity-app');
  });

  it('accepts a role name of 64 characters and refuses 65', () => {
    expect(firstIdentity(read(oneIdentity({ role: { name: 'r'.repeat(64) } }))).role.name).toBe(
      'r'.repeat(64),
    );
    expect(problemsOf(oneIdentity({ role: { name: 'r'.repeat(65) } }))).toEqual([
      `identities[0].role.name: "${'r'.repeat(65)}" is not ${IAM_ROLE_NAME}`,
    ]);
  });

  it('accepts a name prefix of 38 characters and refuses 39', () => {
    const prefix38 = read(oneIdentity({ role: { namePrefix: 'p'.repeat(38) } }));
    expect(firstIdentity(prefix38).role.namePrefix).toBe('p'.repeat(38));
    expect(problemsOf(oneIdentity({ role: { namePrefix: 'p'.repeat(39) } }))).toEqual([
      `identities[0].role.namePrefix: "${'p'.repeat(39)}" is not ${IAM_ROLE_NAME_PREFIX}`,
    ]);
  });

  it('refuses name and namePrefix together', () => {
    expect(problemsOf(oneIdentity({ role: { name: 'reader', namePrefix: 'reader-' } }))).toEqual([
      'identities[0].role.namePrefix: cannot be set together with name: a role has either a fixed name or a generated one',
    ]);
  });

  it('accepts an identity name of 47 characters, whose derived role name has 64', () => {
    const name = 'i'.repeat(47);
    const file = { identities: [identity(name, { associations: [association('app', 'app-sa')] })] };

    expect(firstIdentity(read(file)).role.name).toBe(`eks-pod-identity-${name}`);
  });

  it('refuses an identity name whose derived role name exceeds 64 characters (with a role object)', () => {
    const name = 'i'.repeat(48);
    const file = {
      identities: [
        identity(name, { role: { path: '/' }, associations: [association('app', 'app-sa')] }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      `identities[0].name: "${name}" gives the role name "eks-pod-identity-${name}" (65 characters), more than IAM's 64; set role.name or role.namePrefix`,
    ]);
  });

  it('names the identity whose derived role name exceeds 64 characters (without a role object)', () => {
    const name = 'i'.repeat(48);
    const file = { identities: [identity(name, { associations: [association('app', 'app-sa')] })] };

    expect(problemsOf(file)).toEqual([
      `identities[0].name: "${name}" gives the role name "eks-pod-identity-${name}" (65 characters), more than IAM's 64; set role.name or role.namePrefix`,
    ]);
  });

  it.each([3599, 43201])('refuses a maxSessionDuration of %d', (seconds) => {
    expect(problemsOf(oneIdentity({ role: { maxSessionDuration: seconds } }))).toEqual([
      `identities[0].role.maxSessionDuration: ${seconds} is not between 3600 and 43200 seconds (IAM allows 1 to 12 hours)`,
    ]);
  });

  it.each([3600, 43200])('accepts a maxSessionDuration of %d', (seconds) => {
    const config = read(oneIdentity({ role: { maxSessionDuration: seconds } }));

    expect(firstIdentity(config).role.maxSessionDuration).toBe(seconds);
  });

  it('refuses a permissions boundary that is not a managed policy ARN', () => {
    const arn = 'arn:aws:iam::123456789012:role/boundary';

    expect(problemsOf(oneIdentity({ role: { permissionsBoundary: arn } }))).toEqual([
      `identities[0].role.permissionsBoundary: "${arn}" is not ${POLICY_ARN}`,
    ]);
  });

  it('refuses the same role name on two identities', () => {
    const file = {
      identities: [
        identity('reader', { role: { name: 'pods' } }),
        identity('writer', { role: { name: 'pods' } }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].role.name: "pods" is also the role name of identities[0].role.name: each role name must be unique',
    ]);
  });

  it("refuses a role name equal to another identity's derived one", () => {
    const file = {
      identities: [
        identity('reader'),
        identity('writer', { role: { name: 'eks-pod-identity-reader' } }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].role.name: "eks-pod-identity-reader" is also the role name of identities[0].name (derived role name): each role name must be unique',
    ]);
  });

  it('refuses role names that differ only in case, as IAM does', () => {
    const file = {
      identities: [
        identity('reader', { role: { name: 'Pods' } }),
        identity('writer', { role: { name: 'pods' } }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].role.name: "pods" is also the role name of identities[0].role.name ("Pods"): each role name must be unique',
    ]);
  });

  it('accepts the same name prefix on two identities', () => {
    const file = {
      identities: [
        identity('reader', { role: { namePrefix: 'pods-' } }),
        identity('writer', { role: { namePrefix: 'pods-' } }),
      ],
    };

    expect(read(file).identities.map((i) => i.role.namePrefix)).toEqual(['pods-', 'pods-']);
  });
});

describe('readConfig: trust', () => {
  it('reads the trust options', () => {
    const trust = { sourceAccount: true, restrictToAssociations: true };

    expect(firstIdentity(read(oneIdentity({ trust }))).trust).toStrictEqual(trust);
  });
});

describe('readConfig: tags', () => {
  it('counts a key in both defaultTags and role tags once', () => {
    // GIVEN 30 default tags and 30 role tags, 10 of them with the same keys: 50 in all
    const file = oneIdentity(
      { role: { tags: tags('k', 30) } },
      { defaultTags: { ...tags('d', 20), ...tags('k', 10) } },
    );

    expect(Object.keys(firstIdentity(read(file)).role.tags)).toHaveLength(30);
  });
});
