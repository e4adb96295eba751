import { Token } from 'cdktf';

/**
 * Tags as the AWS provider takes them, or undefined for none. AWS accepts
 * the tag key `__proto__`, but cdktf drops that key while it resolves the
 * synthesized JSON; a map holding it is therefore written as a Terraform
 * expression, `${tomap({...})}`, so that every tag the user wrote arrives.
 * (AWS's tag characters need no escaping in an HCL string.)
 */
export function awsTags(
  tags: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  const keys = Object.keys(tags);
  if (keys.length === 0) return undefined;
  if (!keys.includes('__proto__')) return { ...tags };
  const entries = keys.map((key) => `${JSON.stringify(key)} = ${JSON.stringify(tags[key])}`);
  return Token.asStringMap(`\${tomap({${entries.join(', ')}})}`);
}
