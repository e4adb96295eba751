import { show } from '../schema/json-value';
import { IdentityConfig } from '../schema/types';
import { Problems } from '../read/problems';

/** Kubernetes objects shared between associations must agree, and names must not clash. */
export function checkKubernetesObjects(
  identities: readonly IdentityConfig[],
  pathOf: (entry: object) => string,
  problems: Problems,
): void {
  const namespaces = new Map<string, { create: boolean; path: string }>();
  const names = new Map<string, string>();
  const claim = (key: string, path: string, what: string) => {
    const owner = names.get(key);
    if (owner === undefined) names.set(key, path);
    else
      problems.addField(path, `${what} is also created by ${owner}: give one of them another name`);
  };
  for (const identity of identities) {
    for (const association of identity.associations) {
      const objects = association.kubernetes;
      if (objects === undefined) continue;
      const path = `${pathOf(association)}.kubernetes`;
      const where = `in namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`;
      const namespaceKey = `${association.cluster}\u0000${association.namespace}`;
      const namespace = namespaces.get(namespaceKey);
      if (namespace === undefined) {
        namespaces.set(namespaceKey, { create: objects.createNamespace, path });
      } else if (namespace.create !== objects.createNamespace) {
        problems.add(
          `${path}.createNamespace`,
          objects.createNamespace,
          `disagrees with ${namespace.path}.createNamespace for namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`,
        );
      }
      if (objects.deployment !== undefined) {
        claim(
          `deployment\u0000${namespaceKey}\u0000${objects.deployment.name}`,
          `${path}.deployment.name`,
          `deployment ${show(objects.deployment.name)} ${where}`,
        );
      }
      if (objects.verificationJob !== undefined) {
        claim(
          `job\u0000${namespaceKey}\u0000${objects.verificationJob.name}`,
          `${path}.verificationJob.name`,
          `job ${show(objects.verificationJob.name)} ${where}`,
        );
        if (identity.s3.access === 'none') {
          problems.addField(
            `${path}.verificationJob`,
            `has nothing to check: ${pathOf(identity)}.s3.access is "none", so the role reads no bucket`,
          );
        }
      }
    }
  }
}
