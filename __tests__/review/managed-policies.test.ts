import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  awsManagedPolicyName,
  managedPolicyDocument,
  ManagedPolicyDocumentsError,
  readManagedPolicyDocuments,
} from '../../review/managed-policies';

/** The optional map of AWS-managed policy documents, by name. */

const DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }],
};

test('takes a document as an object, as JSON text or under "document"; skips $ keys', () => {
  const documents = readManagedPolicyDocuments(
    JSON.stringify({
      $comment: 'where these come from',
      A: DOCUMENT,
      B: JSON.stringify(DOCUMENT),
      'service-role/C': { version: 'v2', document: DOCUMENT },
    }),
    'map.json',
  );
  expect([...documents.keys()]).toEqual(['A', 'B', 'service-role/C']);
  expect(JSON.parse(documents.get('service-role/C') ?? '')).toEqual(DOCUMENT);
});

test("reads the project's own record, presets/published/managed-policies.json", () => {
  const file = join(__dirname, '..', '..', 'presets', 'published', 'managed-policies.json');
  const documents = readManagedPolicyDocuments(readFileSync(file, 'utf8'), file);
  const s3 = managedPolicyDocument(documents, 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
  expect(JSON.parse(s3 ?? '{}')).toMatchObject({
    Statement: [
      expect.objectContaining({ Effect: 'Allow', Action: expect.arrayContaining(['s3:Get*']) }),
    ],
  });
  expect(
    managedPolicyDocument(
      documents,
      'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    ),
  ).toContain('ec2:CreateSnapshot');
});

test('finds a policy by its name with its path, or by its name alone', () => {
  const documents = new Map([
    ['service-role/AmazonEBSCSIDriverPolicy', 'ebs'],
    ['AmazonEKS_CNI_Policy', 'cni'],
  ]);
  expect(
    managedPolicyDocument(
      documents,
      'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    ),
  ).toBe('ebs');
  expect(managedPolicyDocument(documents, 'arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy')).toBe(
    'cni',
  );
  expect(managedPolicyDocument(documents, 'arn:aws:iam::123456789012:policy/Mine')).toBeUndefined();
  expect(awsManagedPolicyName('arn:aws:iam::aws:policy/service-role/X')).toBe('service-role/X');
});

test.each([
  ['[]', 'map.json: not a JSON object of name -> document'],
  [
    '{"A": {"Version": "2012-10-17"}}',
    'map.json: "A" is not a policy document (an object with a Statement, or its JSON text)',
  ],
])('refuses %s', (text, message) => {
  expect(() => readManagedPolicyDocuments(text, 'map.json')).toThrow(
    new ManagedPolicyDocumentsError(message),
  );
});
