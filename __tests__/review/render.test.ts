import { MARKDOWN_MARKER, renderMarkdown, renderText } from '../../review/render';
import { reviewStack } from '../../review/workload-changes';
import { fixtureOrder, fixturePlan } from '../support/review-fixtures';

/** The same review, as Markdown for a pull request comment. */

const addonReview = () =>
  reviewStack(fixturePlan('destroy-first-addon-upgraded'), {
    order: fixtureOrder('destroy-first-addon-upgraded'),
  });

test('Markdown: a marker to find the comment by, a count of the gaps, each stack and cluster', () => {
  expect(renderMarkdown([addonReview()]).split('\n')).toEqual([
    MARKDOWN_MARKER,
    '## Pod Identity review',
    '',
    '**1 service account may go without credentials** during the apply or after it.',
    '',
    '### Stack `destroy-first-addon-upgraded`',
    '',
    '#### Cluster `example`',
    '',
    '- Add-on `aws-ebs-csi-driver`',
    '  - version v1.26.0-eksbuild.1 -> v1.31.0-eksbuild.1',
    '  - service account ebs-csi-controller-sa: role eks-pod-identity-addon-aws-ebs-csi-driver -> eks-pod-identity-storage',
    '- Service account `ebs-csi-controller-sa (add-on aws-ebs-csi-driver)`: role eks-pod-identity-addon-aws-ebs-csi-driver -> eks-pod-identity-storage',
    '  - **credential gap: Terraform planned to delete role eks-pod-identity-addon-aws-ebs-csi-driver ' +
      '(after detaching its policies) before it updates add-on aws-ebs-csi-driver to role eks-pod-identity-storage, ' +
      "which exists already: add-on aws-ebs-csi-driver's association names a deleted role until the add-on is updated**",
    '  - gains kms:CreateGrant on arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab ' +
      'when Bool kms:GrantIsForAWSResource = true (inline policy statements)',
    '',
  ]);
});

test("Markdown shows ARNs' * and names' _ as written", () => {
  const markdown = renderMarkdown([
    reviewStack(fixturePlan('destroy-first-s3-bucket-scoped'), {
      order: fixtureOrder('destroy-first-s3-bucket-scoped'),
    }),
  ]);
  expect(markdown).toContain(
    '  - gains s3:GetObject on arn:aws:s3:::eks-automation/reports/\\* (policy eks-pod-identity-reports-s3-read)',
  );
});

test('with no gap, the Markdown says so; the text says each stack has nothing', () => {
  const quiet = { stack: 'quiet', clusters: [] };
  expect(renderMarkdown([quiet])).toBe(
    [
      MARKDOWN_MARKER,
      '## Pod Identity review',
      '',
      'No service account goes without credentials.',
      '',
      '### Stack `quiet`',
      '',
      'No change to what any service account can do, and no add-on change.',
      '',
    ].join('\n'),
  );
  expect(renderText([quiet])).toBe(
    'stack quiet\n  no change to what any service account can do, and no add-on change\n',
  );
});

test('a plan whose apply stops before changing anything counts no service account without credentials', () => {
  const markdown = renderMarkdown([
    reviewStack(fixturePlan('role-path-changed'), { order: fixtureOrder('role-path-changed') }),
  ]);
  expect(markdown.split('\n').slice(2, 4)).toEqual([
    '',
    'No service account goes without credentials.',
  ]);
});
