import { association, identity } from '../support/config-files';
import {
  read,
  problemsOf,
  oneIdentity,
  oneAssociation,
  manyAssociations,
  firstIdentity,
  A0,
  DNS_LABEL,
  DNS_SUBDOMAIN,
} from './reading';

describe('readConfig: associations', () => {
  it('associates one role on two clusters', () => {
    const file = {
      clusters: [{ name: 'blue' }, { name: 'green' }],
      identities: [
        identity('app', {
          associations: [
            association('app', 'app-sa', { cluster: 'blue' }),
            association('app', 'app-sa', { cluster: 'green' }),
          ],
        }),
      ],
    };

    const associations = firstIdentity(read(file)).associations;

    expect(associations.map((a) => [a.cluster, a.namespace, a.serviceAccount])).toEqual([
      ['blue', 'app', 'app-sa'],
      ['green', 'app', 'app-sa'],
    ]);
  });

  it('reads association tags', () => {
    const config = read(oneAssociation({ tags: { team: 'pods' } }));

    expect(firstIdentity(config).associations[0].tags).toStrictEqual({ team: 'pods' });
  });

  it('refuses a namespace that is not a DNS-1123 label', () => {
    expect(problemsOf(oneIdentity({ associations: [association('Team_A', 'app-sa')] }))).toEqual([
      `${A0}.namespace: "Team_A" is not ${DNS_LABEL}`,
    ]);
  });

  it('refuses a namespace of 64 characters', () => {
    const namespace = 'n'.repeat(64);

    expect(problemsOf(oneIdentity({ associations: [association(namespace, 'app-sa')] }))).toEqual([
      `${A0}.namespace: "${namespace}" is not ${DNS_LABEL}`,
    ]);
  });

  it('refuses a service account that is not a DNS-1123 subdomain', () => {
    expect(problemsOf(oneIdentity({ associations: [association('app', 'App SA')] }))).toEqual([
      `${A0}.serviceAccount: "App SA" is not ${DNS_SUBDOMAIN}`,
    ]);
  });

  it('refuses an association naming an unknown cluster', () => {
    expect(problemsOf(oneAssociation({ cluster: 'prod' }))).toEqual([
      `${A0}.cluster: "prod" is not a configured cluster (configured: example)`,
    ]);
  });

  it('refuses an association without cluster when two clusters are configured', () => {
    const file = oneIdentity({}, { clusters: [{ name: 'blue' }, { name: 'green' }] });

    expect(problemsOf(file)).toEqual([
      `${A0}.cluster: is required when more than one cluster is configured (blue, green)`,
    ]);
  });

  it('refuses a second association of one service account on one cluster', () => {
    const file = oneIdentity({
      associations: [
        association('app', 'app-sa', { kubernetes: false }),
        association('app', 'app-sa', { kubernetes: false }),
      ],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].associations[1]: namespace "app" and service account "app-sa" on cluster "example" are already associated by identities[0].associations[0]: EKS allows one association per service account',
    ]);
  });

  it('refuses one service account associated by two identities', () => {
    const file = {
      identities: [
        identity('reader', { associations: [association('shared', 'sa', { kubernetes: false })] }),
        identity('writer', { associations: [association('shared', 'sa', { kubernetes: false })] }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].associations[0]: namespace "shared" and service account "sa" on cluster "example" are already associated by identities[0].associations[0]: EKS allows one association per service account',
    ]);
  });

  it('counts the association quota per cluster', () => {
    const file = {
      clusters: [{ name: 'blue' }, { name: 'green' }],
      identities: [
        identity('app', {
          associations: [
            ...manyAssociations(3000, { cluster: 'blue' }),
            ...manyAssociations(3000, { cluster: 'green' }),
          ],
        }),
      ],
    };

    expect(firstIdentity(read(file)).associations).toHaveLength(6000);
  });
});
