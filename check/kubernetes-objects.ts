import { show } from '../core/json-value';
import { describe, field } from '../core/origin';
import { Identity } from '../model/model';
import { Problems } from './problems';

/** Kubernetes objects shared between associations must agree, and names must not clash. */
export function checkKubernetesObjects(identities: readonly Identity[], problems: Problems): void {
  const namespaces = new Map<string, { create: boolean; at: string }>();
  const names = new Map<string, string>();
  for (const identity of identities) {
    for (const association of identity.associations) {
      const objects = association.kubernetes;
      if (objects === undefined) continue;
      const at = field(association.origin, 'kubernetes');
      const claim = (key: string, name: string, what: string) => {
        const where = field(at, what, 'name');
        const owner = names.get(key);
        if (owner === undefined) {
          names.set(key, describe(where));
          return;
        }
        problems.addField(
          where,
          `${what === 'deployment' ? 'deployment' : 'job'} ${show(name)} in namespace ${show(association.namespace)} on cluster ${show(association.cluster)} is also created by ${owner}: give one of them another name`,
        );
      };
      const namespaceKey = `${association.cluster}\u0000${association.namespace}`;
      const namespace = namespaces.get(namespaceKey);
      if (namespace === undefined) {
        namespaces.set(namespaceKey, { create: objects.createNamespace, at: describe(at) });
      } else if (namespace.create !== objects.createNamespace) {
        problems.add(
          field(at, 'createNamespace'),
          objects.createNamespace,
          `disagrees with ${namespace.at}.createNamespace for namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`,
        );
      }
      if (objects.deployment !== undefined) {
        claim(
          `deployment\u0000${namespaceKey}\u0000${objects.deployment.name}`,
          objects.deployment.name,
          'deployment',
        );
      }
      if (objects.verificationJob !== undefined) {
        claim(
          `job\u0000${namespaceKey}\u0000${objects.verificationJob.name}`,
          objects.verificationJob.name,
          'verificationJob',
        );
        if (identity.s3.access === 'none') {
          problems.addField(
            field(at, 'verificationJob'),
            `has nothing to check: ${describe(field(identity.origin, 's3', 'access'))} is "none", so the role reads no bucket`,
          );
        }
      }
    }
  }
}
