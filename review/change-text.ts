import { isUnknown, ResourceChange, stringAt } from './plan-json';
import { Side } from './plan-index';

/** Wording shared by the review's findings. */

/** A role as a binding names it: the role resource of the plan, and its ARN when known. */
export interface RoleReference {
  readonly role?: ResourceChange;
  readonly roleArn?: string;
}

/** The role a binding names on one side: its name, or the name in its ARN. */
export function roleName(binding: RoleReference, side: Side): string {
  const name = stringAt(binding.role?.[side], 'name');
  const unknown = side === 'after' && isUnknown(binding.role?.afterUnknown, ['name']);
  if (name !== undefined && name !== '' && !unknown) return name;
  if (binding.role !== undefined) return `${binding.role.address} (name known after apply)`;
  if (binding.roleArn !== undefined) return arnRoleName(binding.roleArn);
  return '(known after apply)';
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `arn:aws:iam::1:role/path/name` -> `name`. */
export function arnRoleName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/** ` (path changed)`, from what Terraform says forces the replacement. */
export function replacementReason(change: ResourceChange): string {
  const paths = change.replacePaths.map((p) => p.join('.'));
  if (paths.length > 0) {
    return ` (${listText(paths)} changed)`;
  }
  const reasons: Record<string, string> = {
    replace_because_tainted: ' (tainted)',
    replace_by_request: ' (replacement requested)',
    replace_by_triggers: ' (replace_triggered_by)',
  };
  return reasons[change.actionReason ?? ''] ?? '';
}
