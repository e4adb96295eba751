import { inFile } from '../../core/origin';
import { association, identity } from '../support/config-files';
import {
  read,
  problemsOf,
  oneIdentity,
  oneAssociation,
  withDeployment,
  firstIdentity,
  firstDeployment,
  A0,
  D0,
  TUTORIAL_DEPLOYMENT,
  DNS_LABEL,
  LABEL_VALUE,
  TUTORIAL_OBJECTS,
} from './reading';

describe('readConfig: Kubernetes objects', () => {
  it('reads kubernetes false as no Kubernetes objects', () => {
    const config = read(oneAssociation({ kubernetes: false }));

    expect(firstIdentity(config).associations[0]).toStrictEqual({
      cluster: 'example',
      namespace: 'app',
      serviceAccount: 'app-sa',
      origin: inFile('identities', 0, 'associations', 0),
      tags: {},
      kubernetes: undefined,
      addon: undefined,
    });
  });

  it("reads kubernetes true as the tutorial's namespace, service account and deployment", () => {
    const config = read(oneAssociation({ kubernetes: true }));

    expect(firstIdentity(config).associations[0].kubernetes).toStrictEqual(TUTORIAL_OBJECTS);
  });

  it('reads deployment false as the namespace and service account only (GitOps)', () => {
    const config = read(oneAssociation({ kubernetes: { deployment: false } }));

    expect(firstIdentity(config).associations[0].kubernetes).toStrictEqual({
      createNamespace: true,
      deployment: undefined,
      verificationJob: undefined,
    });
  });

  it('reads createNamespace false', () => {
    const config = read(oneAssociation({ kubernetes: { createNamespace: false } }));

    expect(firstIdentity(config).associations[0].kubernetes).toStrictEqual({
      ...TUTORIAL_OBJECTS,
      createNamespace: false,
    });
  });

  it('reads verificationJob true as its defaults', () => {
    const config = read(oneAssociation({ kubernetes: { verificationJob: true } }));

    expect(firstIdentity(config).associations[0].kubernetes?.verificationJob).toStrictEqual({
      name: 'pod-identity-check',
      image: 'dennysv/dvawscli',
      timeoutSeconds: 300,
    });
  });

  it('reads a verification job with its options', () => {
    const verificationJob = { name: 'check', image: 'amazon/aws-cli:2.15.0', timeoutSeconds: 60 };
    const config = read(oneAssociation({ kubernetes: { verificationJob } }));

    expect(firstIdentity(config).associations[0].kubernetes?.verificationJob).toStrictEqual(
      verificationJob,
    );
  });

  it('refuses a verification job on an identity with S3 access none', () => {
    const file = oneIdentity({
      s3: { access: 'none' },
      associations: [association('app', 'app-sa', { kubernetes: { verificationJob: true } })],
    });

    expect(problemsOf(file)).toEqual([
      `${A0}.kubernetes.verificationJob: has nothing to check: identities[0].s3.access is "none", so the role reads no bucket`,
    ]);
  });

  it('refuses two associations in one namespace that disagree on createNamespace', () => {
    const file = {
      identities: [
        identity('reader', {
          associations: [association('shared', 'reader', { kubernetes: { deployment: false } })],
        }),
        identity('writer', {
          associations: [
            association('shared', 'writer', {
              kubernetes: { createNamespace: false, deployment: false },
            }),
          ],
        }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].associations[0].kubernetes.createNamespace: false disagrees with identities[0].associations[0].kubernetes.createNamespace for namespace "shared" on cluster "example"',
    ]);
  });

  it('refuses two deployments with the same name in one namespace on one cluster', () => {
    const file = oneIdentity({
      associations: [association('shared', 'reader'), association('shared', 'writer')],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].associations[1].kubernetes.deployment.name: deployment "dvawscli" in namespace "shared" on cluster "example" is also created by identities[0].associations[0].kubernetes.deployment.name: give one of them another name',
    ]);
  });

  it('refuses two verification jobs with the same name in one namespace on one cluster', () => {
    const objects = { deployment: false, verificationJob: true };
    const file = oneIdentity({
      associations: [
        association('shared', 'reader', { kubernetes: objects }),
        association('shared', 'writer', { kubernetes: objects }),
      ],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].associations[1].kubernetes.verificationJob.name: job "pod-identity-check" in namespace "shared" on cluster "example" is also created by identities[0].associations[0].kubernetes.verificationJob.name: give one of them another name',
    ]);
  });

  it('accepts deployments of one name in different namespaces or on different clusters', () => {
    const file = {
      clusters: [{ name: 'blue' }, { name: 'green' }],
      identities: [
        identity('app', {
          associations: [
            association('team-a', 'app-sa', { cluster: 'blue' }),
            association('team-b', 'app-sa', { cluster: 'blue' }),
            association('team-a', 'app-sa', { cluster: 'green' }),
          ],
        }),
      ],
    };

    const deployments = firstIdentity(read(file)).associations.map(
      (a) => a.kubernetes?.deployment?.name,
    );
    expect(deployments).toEqual(['dvawscli', 'dvawscli', 'dvawscli']);
  });
});

describe('readConfig: deployments', () => {
  it('reads every deployment option', () => {
    const deployment = {
      name: 'reader',
      image: 'amazon/aws-cli:2.15.0',
      replicas: 3,
      command: ['sleep', 'infinity'],
      labels: { app: 'reader', tier: 'batch' },
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '1', memory: '512Mi' },
      },
      waitForRollout: false,
      hardened: true,
      runAsNonRoot: true,
    };

    expect(firstDeployment(read(withDeployment(deployment)))).toStrictEqual(deployment);
  });

  it('labels a named deployment {app: <name>} when no labels are given', () => {
    expect(firstDeployment(read(withDeployment({ name: 'reader' })))).toStrictEqual({
      ...TUTORIAL_DEPLOYMENT,
      name: 'reader',
      labels: { app: 'reader' },
    });
  });

  it('gives a hardened deployment requests of 50m/64Mi and limits of 500m/256Mi', () => {
    expect(firstDeployment(read(withDeployment({})))?.resources).toStrictEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  });

  it('gives a deployment with hardening off and no resources none', () => {
    expect(firstDeployment(read(withDeployment({ hardened: false })))).toStrictEqual({
      name: 'dvawscli',
      image: 'dennysv/dvawscli',
      replicas: 1,
      command: undefined,
      labels: { app: 'dvawscli' },
      resources: undefined,
      waitForRollout: true,
      hardened: false,
      runAsNonRoot: false,
    });
  });

  it('keeps the hardened limits when only requests are given', () => {
    const resources = { requests: { cpu: '100m' } };

    expect(firstDeployment(read(withDeployment({ resources })))?.resources).toStrictEqual({
      requests: { cpu: '100m' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  });

  it('takes resources as given with hardening off', () => {
    const resources = { requests: { memory: '1Gi' } };

    expect(
      firstDeployment(read(withDeployment({ hardened: false, resources })))?.resources,
    ).toStrictEqual({ requests: { memory: '1Gi' }, limits: {} });
  });

  it('refuses a cpu request above its limit', () => {
    const resources = { requests: { cpu: '1' }, limits: { cpu: '500m' } };

    expect(problemsOf(withDeployment({ resources }))).toEqual([
      `${D0}.resources.requests.cpu: "1" is more than the limit "500m": Kubernetes refuses a request above its limit`,
    ]);
  });

  it('refuses a memory request above its limit', () => {
    const resources = { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } };

    expect(problemsOf(withDeployment({ resources }))).toEqual([
      `${D0}.resources.requests.memory: "1Gi" is more than the limit "512Mi": Kubernetes refuses a request above its limit`,
    ]);
  });

  it('accepts a request equal to its limit in another notation', () => {
    // GIVEN a Guaranteed pod: requests equal to limits, written differently
    const resources = {
      requests: { cpu: '700m', memory: '1Gi' },
      limits: { cpu: '0.7', memory: '1024Mi' },
    };

    expect(firstDeployment(read(withDeployment({ resources })))?.resources).toStrictEqual(
      resources,
    );
  });

  it('refuses a resource other than cpu, memory and ephemeral-storage', () => {
    const resources = { limits: { gpu: '1' } };

    expect(problemsOf(withDeployment({ resources }))).toEqual([
      `${D0}.resources.limits.gpu: the key "gpu" is not a container resource name ('cpu', 'memory' or 'ephemeral-storage')`,
    ]);
  });

  it('refuses a quantity Kubernetes cannot read', () => {
    expect(problemsOf(withDeployment({ resources: { limits: { memory: '1 GB' } } }))).toEqual([
      `${D0}.resources.limits.memory: "1 GB" is not a Kubernetes quantity (such as '250m', '0.5', '128Mi' or '1Gi')`,
    ]);
  });

  it('refuses empty labels', () => {
    expect(problemsOf(withDeployment({ labels: {} }))).toEqual([
      `${D0}.labels: {} is empty: the selector needs at least one label`,
    ]);
  });

  it('reports a bad label value once, not also as empty labels', () => {
    expect(problemsOf(withDeployment({ labels: { app: 'my app' } }))).toEqual([
      `${D0}.labels.app: "my app" is not ${LABEL_VALUE}`,
    ]);
  });

  it('refuses an empty command', () => {
    expect(problemsOf(withDeployment({ command: [] }))).toEqual([
      `${D0}.command: [] is empty: leave it out to run the image's entrypoint`,
    ]);
  });

  it('reports a command element of the wrong type once, not also as an empty command', () => {
    expect(problemsOf(withDeployment({ command: [1] }))).toEqual([
      `${D0}.command[0]: 1 is a number, not a string`,
    ]);
  });

  it('refuses a deployment name that is not a DNS-1123 label', () => {
    expect(problemsOf(withDeployment({ name: 'Reader' }))).toEqual([
      `${D0}.name: "Reader" is not ${DNS_LABEL}`,
    ]);
  });
});

// Each limit at exactly the limit and one past it: limits.test.ts.
