import { inFile } from '../../core/origin';
import { association, identity } from '../support/config-files';
import {
  read,
  problemsOf,
  oneIdentity,
  oneAssociation,
  firstIdentity,
  ENVIRONMENT_LABEL,
  EKS_CLUSTER_NAME,
  AWS_REGION,
  AWS_TAG_KEY,
} from './reading';

describe('readConfig: environment, region and partition', () => {
  it('reads the environment, region and default tags', () => {
    const config = read({
      environment: 'prod-eu',
      region: 'eu-central-2',
      defaultTags: { team: 'pods', 'cost center': '42' },
    });

    expect(config.environment).toBe('prod-eu');
    expect(config.region).toBe('eu-central-2');
    expect(config.partition).toBe('aws');
    expect(config.defaultTags).toStrictEqual({ team: 'pods', 'cost center': '42' });
  });

  it('places cn-north-1 in partition aws-cn and accepts aws-cn policy ARNs there', () => {
    const arn = 'arn:aws-cn:iam::aws:policy/AmazonSQSReadOnlyAccess';
    const config = read(oneIdentity({ managedPolicyArns: [arn] }, { region: 'cn-north-1' }));

    expect(config.partition).toBe('aws-cn');
    expect(firstIdentity(config).managedPolicyArns).toEqual([arn]);
  });

  it('places us-gov-west-1 in partition aws-us-gov', () => {
    const config = read({ region: 'us-gov-west-1' });

    expect(config.region).toBe('us-gov-west-1');
    expect(config.partition).toBe('aws-us-gov');
  });

  it('takes AWS_REGION over the file, and the partition from it', () => {
    const config = read({ region: 'eu-west-1' }, { region: 'cn-northwest-1' });

    expect(config.region).toBe('cn-northwest-1');
    expect(config.partition).toBe('aws-cn');
  });

  it('refuses an environment label that is not a DNS label of at most 32 characters', () => {
    expect(problemsOf({ environment: 'e'.repeat(33) })).toEqual([
      `environment: "${'e'.repeat(33)}" is not ${ENVIRONMENT_LABEL}`,
    ]);
  });

  it('refuses a region in the file that is not a region name', () => {
    expect(problemsOf({ region: 'europe-1' })).toEqual([`region: "europe-1" is not ${AWS_REGION}`]);
  });

  it('refuses an AWS_REGION that is not a region name', () => {
    expect(problemsOf({}, { region: 'mars-1' })).toEqual([
      `AWS_REGION (environment): "mars-1" is not ${AWS_REGION}`,
    ]);
  });

  it('refuses a default tag key starting with aws:', () => {
    expect(problemsOf({ defaultTags: { 'aws:team': 'pods' } })).toEqual([
      `defaultTags.aws:team: the key "aws:team" is not ${AWS_TAG_KEY}`,
    ]);
  });
});

describe('readConfig: CLUSTER_NAME', () => {
  it("renames the single cluster and every association's reference to it", () => {
    // GIVEN one cluster "staging", one association naming it and one relying on the default
    const file = {
      clusters: [{ name: 'staging', podIdentityAgent: true }],
      identities: [
        identity('app', {
          associations: [
            association('app', 'app-sa', { cluster: 'staging' }),
            association('app', 'other-sa', { kubernetes: false }),
          ],
        }),
      ],
    };

    // WHEN
    const config = read(file, { clusterName: 'prod' });

    // THEN
    expect(config.clusters.map((c) => [c.name, c.origin])).toStrictEqual([
      ['prod', inFile('clusters', 0)],
    ]);
    expect(config.clusters[0].podIdentityAgent).toBeDefined();
    expect(firstIdentity(config).associations.map((a) => a.cluster)).toEqual(['prod', 'prod']);
  });

  it('refuses CLUSTER_NAME when more than one cluster is configured', () => {
    const file = oneAssociation(
      { cluster: 'blue' },
      { clusters: [{ name: 'blue' }, { name: 'green' }] },
    );

    expect(problemsOf(file, { clusterName: 'prod' })).toEqual([
      'CLUSTER_NAME (environment): "prod" cannot rename the cluster: the configuration names 2 clusters (blue, green); unset CLUSTER_NAME or configure one cluster',
    ]);
  });

  it('refuses a CLUSTER_NAME that is not an EKS cluster name', () => {
    expect(problemsOf({}, { clusterName: 'prod cluster' })).toEqual([
      `CLUSTER_NAME (environment): "prod cluster" is not ${EKS_CLUSTER_NAME}`,
    ]);
  });
});

describe('readConfig: regions of every partition', () => {
  it.each([
    ['eusc-de-east-1', 'aws-eusc'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
  ])('reads %s as partition %s', (region, partition) => {
    expect(read({ region }).partition).toBe(partition);
  });

  it('refuses a region that mixes a partition prefix with another country', () => {
    expect(problemsOf({ region: 'cn-gov-east-1' })).toEqual([
      `region: "cn-gov-east-1" is not an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')`,
    ]);
  });
});
