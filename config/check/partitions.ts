import { AwsPartition } from '../schema/partition';
import { IdentityConfig } from '../schema/types';
import { sourceIndex } from '../read/lenient';
import { Problems } from '../read/problems';

/**
 * ARNs the configuration names must be in the region's partition: a policy
 * of `aws` cannot be attached in `aws-cn`. The schema checks their shape; the
 * partition is known only once the environment's region is.
 */
export function checkPartitions(
  identity: IdentityConfig,
  path: string,
  region: string,
  partition: AwsPartition,
  problems: Problems,
): void {
  const check = (at: string, arn: string) => {
    const written = arn.split(':')[1];
    if (written !== partition) {
      problems.add(
        at,
        arn,
        `is in partition "${written}", not in "${partition}" of region "${region}"`,
      );
    }
  };
  const each = (field: string, arns: readonly string[]) =>
    arns.forEach((arn, index) => check(`${path}.${field}[${sourceIndex(arns, index)}]`, arn));
  each('managedPolicyArns', identity.managedPolicyArns);
  if (identity.role.permissionsBoundary !== undefined) {
    check(`${path}.role.permissionsBoundary`, identity.role.permissionsBoundary);
  }
  if (identity.s3.access === 'bucket-scoped') each('s3.kmsKeyArns', identity.s3.kmsKeyArns);
  const preset = identity.preset;
  if (preset !== undefined) {
    const at = presetPath(path);
    for (const [key, value] of Object.entries(preset)) {
      if (Array.isArray(value)) {
        const list = value.filter((item): item is string => typeof item === 'string');
        list.forEach((arn, index) => {
          if (arn.startsWith('arn:')) check(`${at}.${key}[${sourceIndex(list, index)}]`, arn);
        });
      } else if (typeof value === 'string' && value.startsWith('arn:')) {
        check(`${at}.${key}`, value);
      }
    }
  }
}

/** The state's KMS key, in the region's partition. */
export function checkStateKey(
  kmsKeyId: string | undefined,
  region: string,
  partition: AwsPartition,
  problems: Problems,
): void {
  const written = kmsKeyId?.split(':')[1];
  if (kmsKeyId !== undefined && written !== partition) {
    problems.add(
      'backend.s3.kmsKeyId',
      kmsKeyId,
      `is in partition "${written}", not in "${partition}" of region "${region}"`,
    );
  }
}

/**
 * Where an identity's preset settings are written: its `preset`, or, for the
 * role of an add-on, the add-on entry itself (its parameters sit beside its name).
 */
export function presetPath(path: string): string {
  return path.startsWith('clusters') ? path : `${path}.preset`;
}
