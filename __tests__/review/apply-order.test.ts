import { ApplyOrder, Operation } from '../../review/apply-order';
import { FIXTURES, fixtureApply, fixtureOrder } from '../support/review-fixtures';

/**
 * The apply order read from `terraform graph -plan`, held to what each
 * fixture's `terraform apply` of the same plan really did.
 */

/** Each operation of an apply's log, with the line it started and the line it ended on. */
function operations(lines: readonly string[]): Map<string, { start: number; end: number }> {
  const found = new Map<string, { start: number; end: number }>();
  lines.forEach((line, index) => {
    const match = /^(\S+): (Creating|Modifying|Destroying|Creation|Modifications|Destruction)/.exec(
      line,
    );
    if (match === null) return;
    const [, address, word] = match;
    const destroy = word.startsWith('Destr');
    const key = JSON.stringify({ address, destroy });
    const entry = found.get(key) ?? { start: -1, end: -1 };
    if (['Creating', 'Modifying', 'Destroying'].includes(word)) entry.start = index;
    else entry.end = index;
    found.set(key, entry);
  });
  return found;
}

describe.each(FIXTURES)('the graph of %s', (name) => {
  test('has every operation of its apply, and orders none against what the apply did', () => {
    const order = fixtureOrder(name);
    const applied = operations(fixtureApply(name));
    const ops = [...applied.keys()].map((key) => JSON.parse(key) as Operation);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.filter((op) => !order.has(op))).toEqual([]);
    const violations: string[] = [];
    for (const first of ops) {
      for (const then of ops) {
        if (first === then || order.compare(first, then) !== 'before') continue;
        const ended = applied.get(JSON.stringify(first))?.end ?? -1;
        const started = applied.get(JSON.stringify(then))?.start ?? -1;
        // What the graph puts first must have ended before the other started; an
        // operation that failed never ended, so nothing the graph puts after it may start.
        if (started !== -1 && (ended === -1 || !(ended < started)))
          violations.push(`${JSON.stringify(first)} -> ${JSON.stringify(then)}`);
      }
    }
    expect(violations).toEqual([]);
  });
});

describe('ApplyOrder', () => {
  test('a renamed identity, create-first: the association is updated before the old role goes', () => {
    const order = fixtureOrder('identity-renamed');
    const oldRole = { address: 'aws_iam_role.billing_role_CCCC86C1', destroy: true };
    const oldAttachment = {
      address: 'aws_iam_role_policy_attachment.billing_attach_AmazonS3ReadOnlyAccess_B4FC8491',
      destroy: true,
    };
    const newAttachment = {
      address: 'aws_iam_role_policy_attachment.invoicing_attach_AmazonS3ReadOnlyAccess_ED6565BF',
      destroy: false,
    };
    const association = {
      address: 'aws_eks_pod_identity_association.example_billing_invoices_association_A65B27DC',
      destroy: false,
    };
    expect(order.compare(association, oldRole)).toBe('before');
    expect(order.compare(association, oldAttachment)).toBe('before');
    // Through the new role's terraform_data, which the plan's JSON does not show.
    expect(order.compare(newAttachment, association)).toBe('before');
  });

  test('a managed policy swapped, create-first: attached before the old one is detached', () => {
    // Through the role's terraform_data: updated once the new attachment exists, and
    // the old attachment's destroy waits for it.
    const order = fixtureOrder('s3-bucket-scoped');
    expect(
      order.compare(
        {
          address: 'aws_iam_role_policy_attachment.reports_attach_s3_read_090F1A7C',
          destroy: false,
        },
        {
          address: 'aws_iam_role_policy_attachment.reports_attach_AmazonS3ReadOnlyAccess_E2A1D025',
          destroy: true,
        },
      ),
    ).toBe('before');
  });

  test('a renamed identity, destroy-first: the old role is destroyed before the association is updated', () => {
    const order = fixtureOrder('destroy-first-identity-renamed');
    const oldRole = { address: 'aws_iam_role.billing_role_CCCC86C1', destroy: true };
    const newRole = { address: 'aws_iam_role.invoicing_role_0D99BE89', destroy: false };
    const association = {
      address: 'aws_eks_pod_identity_association.example_billing_invoices_association_A65B27DC',
      destroy: false,
    };
    expect(order.compare(oldRole, association)).toBe('before');
    expect(order.compare(newRole, association)).toBe('before');
    expect(order.compare(association, oldRole)).toBe('after');
    expect(order.compare(oldRole, newRole)).toBe('unordered');
  });

  test('a managed policy detached and a policy attached, destroy-first: in no order', () => {
    const order = fixtureOrder('destroy-first-s3-bucket-scoped');
    expect(
      order.compare(
        {
          address: 'aws_iam_role_policy_attachment.reports_attach_AmazonS3ReadOnlyAccess_E2A1D025',
          destroy: true,
        },
        {
          address: 'aws_iam_role_policy_attachment.reports_attach_s3_read_090F1A7C',
          destroy: false,
        },
      ),
    ).toBe('unordered');
  });

  test('reads quoted node names, (expand) nodes and deposed destroys', () => {
    const order = ApplyOrder.fromDot(
      [
        'digraph {',
        '\t\t"[root] b.x (expand)" -> "[root] a.x"',
        '\t\t"[root] b.x" -> "[root] b.x (expand)"',
        '\t\t"[root] a.x (destroy deposed 0a1b2c3d)" -> "[root] b.x"',
        '}',
      ].join('\n'),
    );
    expect(
      order.compare({ address: 'a.x', destroy: false }, { address: 'b.x', destroy: false }),
    ).toBe('before');
    expect(
      order.compare({ address: 'b.x', destroy: false }, { address: 'a.x', destroy: true }),
    ).toBe('before');
    expect(order.has({ address: 'c.x', destroy: false })).toBe(false);
  });
});
