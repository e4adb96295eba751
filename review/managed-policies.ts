import { isObject } from './json';

/**
 * Documents of AWS-managed policies, recorded elsewhere (a plan holds only
 * their ARNs): a JSON map from the policy's name, with its path when it has
 * one (`AmazonS3ReadOnlyAccess`, `service-role/AmazonEBSCSIDriverPolicy`), or
 * its ARN, to its document, as an object, as JSON text, or under a
 * `document` key. Keys starting with `$` are comments. The map may sit under
 * a `policies` key, beside a `source`, as in the project's
 * `presets/published/managed-policies.json`.
 */
export type ManagedPolicyDocuments = ReadonlyMap<string, string>;

export const NO_MANAGED_POLICY_DOCUMENTS: ManagedPolicyDocuments = new Map();

/** A map that cannot be read: the review stops, as for a plan it cannot read. */
export class ManagedPolicyDocumentsError extends Error {}

export function readManagedPolicyDocuments(text: string, file: string): ManagedPolicyDocuments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ManagedPolicyDocumentsError(`${file}: not JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) {
    throw new ManagedPolicyDocumentsError(`${file}: not a JSON object of name -> document`);
  }
  const entries = isObject(parsed.policies) ? parsed.policies : parsed;
  const documents = new Map<string, string>();
  for (const [name, value] of Object.entries(entries)) {
    if (name.startsWith('$')) continue;
    const document = isObject(value) && !('Statement' in value) ? documentField(value) : value;
    if (typeof document === 'string') documents.set(name, document);
    else if (isObject(document) && 'Statement' in document) {
      documents.set(name, JSON.stringify(document));
    } else {
      throw new ManagedPolicyDocumentsError(
        `${file}: "${name}" is not a policy document (an object with a Statement, or its JSON text)`,
      );
    }
  }
  return documents;
}

function documentField(value: Record<string, unknown>): unknown {
  return value.document ?? value.Document ?? value.policyDocument;
}

/** `arn:aws:iam::aws:policy/service-role/X` -> `service-role/X`; undefined if not AWS-managed. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return /^arn:[a-z-]+:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
}

/** The recorded document of an AWS-managed policy: by its ARN, its name with path, or its name. */
export function managedPolicyDocument(
  documents: ManagedPolicyDocuments,
  arn: string,
): string | undefined {
  const name = awsManagedPolicyName(arn);
  if (name === undefined) return undefined;
  return documents.get(arn) ?? documents.get(name) ?? documents.get(name.split('/').pop() ?? name);
}
