import { Testing, TerraformStack, Tokenization } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { withoutCreationStacks } from '../../modules/creation-stacks';

describe('withoutCreationStacks', () => {
  test('gives plain objects no stack trace while errors keep theirs', () => {
    const { plain, error } = withoutCreationStacks(() => {
      const target = { stack: '' };
      Error.captureStackTrace(target);
      return { plain: target, error: new Error('kept') };
    });
    expect(plain.stack).toBe('');
    expect(error.stack?.split('\n').length).toBeGreaterThan(1);
  });

  test('puts Error.captureStackTrace back afterwards, also when the build throws', () => {
    const capture = Error.captureStackTrace;
    withoutCreationStacks(() => undefined);
    expect(Error.captureStackTrace).toBe(capture);
    expect(() =>
      withoutCreationStacks(() => {
        throw new Error('build failed');
      }),
    ).toThrow('build failed');
    expect(Error.captureStackTrace).toBe(capture);
  });

  test('leaves tokens made inside it without a creation stack, and those made outside with one', () => {
    const creationStack = (build: () => string) =>
      Tokenization.reverseString(build()).firstToken?.creationStack;
    const stack = new TerraformStack(Testing.app(), 'stack');
    const inside = creationStack(() =>
      withoutCreationStacks(() => new IamRole(stack, 'inside', { assumeRolePolicy: '{}' }).arn),
    );
    const outside = creationStack(
      () => new IamRole(stack, 'outside', { assumeRolePolicy: '{}' }).arn,
    );
    expect(inside).toEqual([]);
    expect(outside?.length).toBeGreaterThan(0);
  });
});
