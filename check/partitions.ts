import { AwsPartition } from '../core/partition';
import { WrittenArn } from '../model/model';
import { Problems } from './problems';

/**
 * ARNs the configuration names must be in the region's partition: a policy
 * of `aws` cannot be attached in `aws-cn`. The schema checks their shape; the
 * partition is known only once the environment's region is.
 */
export function checkPartitions(
  arns: readonly WrittenArn[],
  region: string,
  partition: AwsPartition,
  problems: Problems,
): void {
  for (const { arn, origin } of arns) {
    const written = arn.split(':')[1];
    if (written !== partition) {
      problems.add(
        origin,
        arn,
        `is in partition "${written}", not in "${partition}" of region "${region}"`,
      );
    }
  }
}
