import { field, Origin } from '../core/origin';
import { IAM_QUOTAS } from '../core/quotas';
import { Identity, Tags } from '../model/model';
import { Problems } from './problems';

/**
 * IAM and EKS take at most 50 tags per resource, the provider's default tags
 * included. A map over 50 on its own is reported where it is read.
 */
export function checkTagCounts(
  identities: readonly Identity[],
  defaultTags: Tags,
  problems: Problems,
): void {
  const max = IAM_QUOTAS.tagsPerResource;
  if (Object.keys(defaultTags).length > max) return;
  const check = (tags: Tags, where: Origin, what: string) => {
    if (Object.keys(tags).length > max) return;
    const count = new Set([...Object.keys(defaultTags), ...Object.keys(tags)]).size;
    if (count > max) {
      problems.addField(
        where,
        `with defaultTags ${what} has ${count} tags, more than the ${max} AWS allows`,
      );
    }
  };
  for (const identity of identities) {
    check(identity.role.tags, field(identity.origin, 'role', 'tags'), 'the role');
    for (const association of identity.associations) {
      check(association.tags, field(association.origin, 'tags'), 'the association');
    }
  }
}
