import { App, Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { addressChanges, currentAddresses, readRecord, stackAddresses } from './support/addresses';

/**
 * Every Terraform address of every example stays put: one that disappears
 * without a moved block would make Terraform destroy and re-create a user's
 * role, policy or association. New addresses need the record updated
 * (`npx tsx __tests__/support/addresses.ts --write`), so that a reviewer sees them.
 */
describe('Terraform addresses', () => {
  const changes = addressChanges(readRecord(), currentAddresses());

  test('none recorded is lost without a moved block', () => {
    expect(changes.lost).toEqual([]);
  });

  test('every address is recorded (npx tsx __tests__/support/addresses.ts --write)', () => {
    expect(changes.added).toEqual([]);
  });
});

describe('the address check', () => {
  /** A stack with one role whose construct ID is `id`, moved from `from` when given. */
  function roleStack(id: string, from?: string): string {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const role = new IamRole(stack, id, { name: 'reader', assumeRolePolicy: '{}' });
    if (from !== undefined) role.moveFromId(from);
    return Testing.synth(stack);
  }
  const record = { example: { stack: ['aws_iam_role.reader'] } };

  test('reports a renamed construct ID: its old address is lost', () => {
    const renamed = { example: { stack: stackAddresses(roleStack('reader-role')) } };
    expect(addressChanges(record, renamed)).toEqual({
      lost: ['example stack aws_iam_role.reader'],
      added: ['example stack aws_iam_role.reader-role'],
    });
  });

  test('accepts the rename once a moved block carries the state to the new address', () => {
    const moved = {
      example: { stack: stackAddresses(roleStack('reader-role', 'aws_iam_role.reader')) },
    };
    expect(addressChanges(record, moved).lost).toEqual([]);
  });
});
