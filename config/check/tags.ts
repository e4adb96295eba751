import { IAM_QUOTAS } from '../schema/quotas';
import { IdentityConfig } from '../schema/types';
import { Problems } from '../read/problems';

/**
 * IAM and EKS take at most 50 tags per resource, the provider's default tags
 * included. A map over 50 on its own is reported where it is read.
 */
export function checkTagCounts(
  identities: readonly IdentityConfig[],
  defaultTags: Readonly<Record<string, string>>,
  pathOf: (entry: object) => string,
  problems: Problems,
): void {
  const max = IAM_QUOTAS.tagsPerResource;
  if (Object.keys(defaultTags).length > max) return;
  const check = (tags: Readonly<Record<string, string>>, path: string, what: string) => {
    if (Object.keys(tags).length > max) return;
    const count = new Set([...Object.keys(defaultTags), ...Object.keys(tags)]).size;
    if (count > max) {
      problems.addField(
        path,
        `with defaultTags ${what} has ${count} tags, more than the ${max} AWS allows`,
      );
    }
  };
  for (const identity of identities) {
    check(identity.role.tags, `${pathOf(identity)}.role.tags`, 'the role');
    for (const association of identity.associations) {
      check(association.tags, `${pathOf(association)}.tags`, 'the association');
    }
  }
}
