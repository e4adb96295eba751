import { Problems } from '../check/problems';
import { parseQuantity } from '../core/quantity';
import { field, Origin } from '../core/origin';
import {
  DeploymentSettings,
  deploymentSettings,
  HARDENED_RESOURCES,
  KubernetesSettings,
  kubernetesSettings,
  ResourcesSettings,
  verificationJobSettings,
} from '../model/kubernetes';
import { ContainerResources, Deployment, KubernetesObjects } from '../model/model';
import { compact, Lenient } from './lenient';

/**
 * What the workload stack creates for one association, every default
 * applied: `true` is the tutorial's namespace, service account and
 * Deployment; the Deployment's labels default to `{ app: <name> }`, and a
 * hardened container gets requests and limits.
 */
export function resolveKubernetesObjects(
  settings: Lenient<KubernetesSettings> | true,
  origin: Origin,
  problems: Problems,
): KubernetesObjects {
  const objects = settings === true ? kubernetesSettings.parse({}) : settings;
  const deployment =
    objects.deployment === true ? deploymentSettings.parse({}) : objects.deployment;
  const job =
    objects.verificationJob === true ? verificationJobSettings.parse({}) : objects.verificationJob;
  return {
    createNamespace: objects.createNamespace,
    deployment:
      deployment === false
        ? undefined
        : resolveDeployment(deployment, field(origin, 'deployment'), problems),
    verificationJob:
      job === false
        ? undefined
        : { name: job.name, image: job.image, timeoutSeconds: job.timeoutSeconds },
  };
}

function resolveDeployment(
  deployment: Lenient<DeploymentSettings>,
  origin: Origin,
  problems: Problems,
): Deployment {
  const labels = deployment.labels ?? {};
  return {
    name: deployment.name,
    image: deployment.image,
    replicas: deployment.replicas,
    command: deployment.command === undefined ? undefined : compact(deployment.command),
    labels: Object.keys(labels).length > 0 ? labels : { app: deployment.name },
    resources: resolveResources(deployment.resources, deployment.hardened, origin, problems),
    waitForRollout: deployment.waitForRollout,
    hardened: deployment.hardened,
    runAsNonRoot: deployment.runAsNonRoot,
  };
}

/**
 * Requests and limits: as given, the hardened defaults for what is left out,
 * or none without hardening. A request above its limit is refused, as
 * Kubernetes would refuse it.
 */
function resolveResources(
  given: Lenient<ResourcesSettings> | undefined,
  hardened: boolean,
  origin: Origin,
  problems: Problems,
): ContainerResources | undefined {
  if (given === undefined) return hardened ? HARDENED_RESOURCES : undefined;
  const defaults = hardened ? HARDENED_RESOURCES : { requests: {}, limits: {} };
  const requests: Readonly<Record<string, string>> = given.requests ?? defaults.requests;
  const limits: Readonly<Record<string, string>> = given.limits ?? defaults.limits;
  for (const [resource, request] of Object.entries(requests)) {
    const limit = limits[resource];
    if (limit !== undefined && parseQuantity(request) > parseQuantity(limit)) {
      const hint =
        given.limits !== undefined
          ? ''
          : ` (the hardened default; set resources.limits.${resource}, or hardened: false)`;
      problems.add(
        field(origin, 'resources', 'requests', resource),
        request,
        `is more than the limit ${JSON.stringify(limit)}${hint}: Kubernetes refuses a request above its limit`,
      );
    }
  }
  return { requests, limits };
}
