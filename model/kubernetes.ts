import * as z from 'zod';
import { about, integer, list, named, settings, stringMap, text, report } from '../core/fields';
import * as rules from '../core/rules';
import { TUTORIAL } from './tutorial';

/** What the workload stack creates in the cluster for one association. */

/**
 * Requests and limits of a hardened container: enough for the AWS CLI, low
 * enough that a mistake cannot starve a node.
 */
export const HARDENED_RESOURCES = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
} as const;

/** The verification Job's defaults; its image is the tutorial's, which carries the AWS CLI. */
export const VERIFICATION_JOB = {
  name: 'pod-identity-check',
  timeoutSeconds: 300,
} as const;

const quantities = stringMap(rules.kubernetesResourceName, rules.kubernetesQuantity);

const resources = settings({
  requests: about(
    quantities.optional(),
    "CPU, memory and ephemeral-storage requests (Kubernetes quantities such as '250m' or '128Mi'). Hardened default: cpu 50m, memory 64Mi.",
  ),
  limits: about(
    quantities.optional(),
    'Limits, as requests. Hardened default: cpu 500m, memory 256Mi. A request above its limit is refused (Kubernetes would refuse it).',
  ),
});

const deploymentFields = settings({
  name: named(rules.dnsLabel, 'Name of the Deployment, unique in its namespace.').default(
    TUTORIAL.deployment,
  ),
  image: about(text(rules.containerImage), 'Container image.').default(TUTORIAL.image),
  replicas: about(integer(0, 1000), 'Number of pods.').default(TUTORIAL.replicas),
  command: about(
    list(text(), "leave it out to run the image's entrypoint").optional(),
    "Overrides the image's entrypoint.",
  ),
  labels: about(
    stringMap(rules.kubernetesLabelKey, rules.kubernetesLabelValue).optional(),
    'Labels of the Deployment, its selector and its pod template. Default: { "app": <name> }.',
  ),
  resources: about(
    resources.optional(),
    'Requests and limits. Hardened default 50m/64Mi, limits 500m/256Mi; none with hardened: false.',
  ),
  waitForRollout: about(z.boolean(), 'Whether Terraform waits for the rollout.').default(true),
  hardened: about(
    z.boolean(),
    "No privilege escalation, all capabilities dropped, the RuntimeDefault seccomp profile, requests and limits. false gives the tutorial's example.yaml pod spec exactly.",
  ).default(true),
  runAsNonRoot: about(z.boolean(), 'Refuse to start containers whose image runs as root.').default(
    false,
  ),
});

/**
 * The Deployment's settings; `deployment: true` takes their defaults. A
 * request above its limit is refused by the reader, which knows the
 * hardened defaults the two are compared with.
 */
export const deploymentSettings = deploymentFields.superRefine((deployment, context) => {
  if (deployment.labels !== undefined && Object.keys(deployment.labels).length === 0) {
    report(context, {
      path: ['labels'],
      value: deployment.labels,
      message: 'is empty: the selector needs at least one label',
    });
  }
});

export type DeploymentSettings = z.output<typeof deploymentSettings>;
export type ResourcesSettings = z.output<typeof resources>;

const deployment = z
  .union([z.boolean(), deploymentSettings], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'is not a boolean or an object' : undefined,
  })
  .default(true);

export const verificationJobSettings = settings({
  name: named(rules.dnsLabel, 'Name of the Job, unique in its namespace.').default(
    VERIFICATION_JOB.name,
  ),
  image: about(text(rules.containerImage), 'An image with the AWS CLI.').default(TUTORIAL.image),
  timeoutSeconds: about(
    integer(10, 3600),
    'Seconds Terraform waits for the Job to complete.',
  ).default(VERIFICATION_JOB.timeoutSeconds),
});

const verificationJob = z
  .union([z.boolean(), verificationJobSettings], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'is not a boolean or an object' : undefined,
  })
  .default(false);

export const kubernetesSettings = settings({
  createNamespace: about(
    z.boolean(),
    'Create the namespace (false: it exists already). Associations sharing a namespace must agree.',
  ).default(true),
  deployment: about(
    deployment,
    "The application running as the service account: true for the tutorial's dvawscli, false for none (GitOps: only the namespace and service account), or its settings.",
  ),
  verificationJob: about(
    verificationJob,
    'A Job that runs `aws s3 ls s3://<bucket>/<prefix>` as the service account once the association exists; Terraform waits for it, so a deploy fails when the pod does not get the access. true for its defaults, or its settings.',
  ),
});

export type KubernetesSettings = z.output<typeof kubernetesSettings>;

/** The association's `kubernetes` setting. */
export const kubernetes = about(
  z
    // Left out, the default depends on the identity's preset: the reader decides.
    .union([z.boolean(), kubernetesSettings], {
      error: (issue) =>
        issue.code === 'invalid_union' ? 'is not a boolean or an object' : undefined,
    }),
  "What the workload stack creates in the cluster for this association: false for nothing (the objects are managed elsewhere), true for the tutorial's namespace, service account and Deployment, or these settings. Default: true, or false for an identity with a preset (the controller's Helm chart creates its service account).",
);
