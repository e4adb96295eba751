import { show } from '../core/json-value';
import * as rules from '../core/rules';
import { follows } from '../core/rules';
import { POD_IDENTITY_PRINCIPAL } from '../policy/trust-policy';

/**
 * Reading an IRSA role's trust policy: which service accounts of which OIDC
 * providers it admits, exactly, or why it cannot be translated. What is not
 * understood is refused, never guessed: an adopted role's trust policy
 * becomes the configuration's, so anything it would not repeat is lost.
 */

/** The audience IRSA's projected tokens carry, and the only one the configuration writes. */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
const POD_IDENTITY_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];
const SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;
const LOSES_IT = "the adopted role's trust policy would lose it";
const UNDERSTOOD = `only StringEquals on :sub, and :aud = "${IRSA_AUDIENCE}"`;

/** A service account, as IRSA's `sub` claim names it: `system:serviceaccount:<namespace>:<name>`. */
export interface ServiceAccount {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** What a trust policy admits, or why it cannot be translated. */
export interface TrustReading {
  /** The service accounts admitted exactly, by OIDC provider ARN, in the order written. */
  readonly subjects: ReadonlyMap<string, readonly ServiceAccount[]>;
  /** Whether it has Pod Identity's own statement already (the configuration writes it again). */
  readonly podIdentity: boolean;
  /** Each reason it cannot be translated; empty when it can. */
  readonly refusals: readonly string[];
}

/**
 * A policy document as IAM returns it: GetRole URL-encodes it, moto's
 * ListRoles does not, so text that starts with `{` is JSON already.
 */
export function parsePolicyText(text: string): unknown {
  return JSON.parse(jsonText(text)) as unknown;
}

function jsonText(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed);
}

/**
 * Whether a trust policy names one of the providers (as a whole JSON string,
 * so that a provider's ARN does not match a longer one): the roles to read.
 * A document that is not JSON is read too, to be refused with its reason.
 */
export function namesProvider(trustPolicy: string, providers: readonly string[]): boolean {
  let text = trustPolicy;
  try {
    text = jsonText(trustPolicy);
    // Written again, so that escapes such as "\/" read as what they stand for.
    text = JSON.stringify(JSON.parse(text));
  } catch {
    // Not JSON: searched as it is.
  }
  return providers.some((provider) => text.includes(JSON.stringify(provider)));
}

/**
 * Reads a trust policy against the clusters' OIDC providers (ARN → issuer
 * without `https://`, as IRSA's condition keys write it).
 */
export function readIrsaTrust(
  trustPolicy: string,
  providers: ReadonlyMap<string, string>,
): TrustReading {
  let document: unknown;
  try {
    document = parsePolicyText(trustPolicy);
  } catch {
    return refused('its trust policy is not JSON');
  }
  const statements = isObject(document) ? document.Statement : undefined;
  const list = Array.isArray(statements) ? statements : isObject(statements) ? [statements] : [];
  if (list.length === 0) return refused('its trust policy has no statement');

  const subjects = new Map<string, ServiceAccount[]>();
  const refusals: string[] = [];
  let podIdentity = false;
  list.forEach((statement: unknown, index) => {
    const reading = readStatement(statement, providers);
    const label = `statement ${index + 1}${sidOf(statement)}`;
    refusals.push(...reading.refusals.map((reason) => `${label} ${reason}`));
    if (reading.kind === 'pod-identity') podIdentity = true;
    if (reading.kind === 'irsa') {
      const known = subjects.get(reading.provider) ?? [];
      for (const account of reading.serviceAccounts) {
        if (!known.some((k) => same(k, account))) known.push(account);
      }
      subjects.set(reading.provider, known);
    }
  });
  return { subjects, podIdentity, refusals };
}

type StatementReading =
  | { readonly kind: 'irsa'; readonly provider: string; readonly serviceAccounts: ServiceAccount[] }
  | { readonly kind: 'pod-identity' | 'refused' };

type Reading = StatementReading & { readonly refusals: readonly string[] };

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Condition']);

function readStatement(statement: unknown, providers: ReadonlyMap<string, string>): Reading {
  if (!isObject(statement)) return refusedStatement('is not an object');
  const unknownKeys = Object.keys(statement).filter((key) => !STATEMENT_KEYS.has(key));
  if (unknownKeys.length > 0) {
    return refusedStatement(`has ${unknownKeys.map(quote).join(', ')}, which is not understood`);
  }
  if (statement.Effect !== 'Allow') {
    return refusedStatement(`denies (Effect ${show(statement.Effect)}): ${LOSES_IT}`);
  }
  const principal = statement.Principal;
  if (!isObject(principal))
    return refusedStatement(`trusts principal ${show(principal)}: ${LOSES_IT}`);
  const types = Object.keys(principal);
  const actions = stringsOf(statement.Action);
  if (types.length === 1 && types[0] === 'Service') {
    const services = stringsOf(principal.Service);
    if (services?.length === 1 && services[0] === POD_IDENTITY_PRINCIPAL) {
      return podIdentityStatement(actions, statement.Condition);
    }
  }
  const others = types.filter((type) => type !== 'Federated');
  if (others.length > 0) {
    const named = others.flatMap((type) =>
      (stringsOf(principal[type]) ?? [show(principal[type])]).map((id) => `${type} ${quote(id)}`),
    );
    return refusedStatement(
      `trusts ${named.join(', ')}, not only the clusters' OIDC providers: ${LOSES_IT}`,
    );
  }
  const federated = stringsOf(principal.Federated) ?? [];
  const foreign = federated.filter((arn) => !providers.has(arn));
  if (foreign.length > 0) {
    return refusedStatement(
      `trusts Federated ${foreign.map(quote).join(', ')}, not the OIDC provider of a cluster given: ${LOSES_IT}`,
    );
  }
  if (federated.length !== 1) {
    return refusedStatement(
      'trusts several OIDC providers in one statement, which is not understood',
    );
  }
  const [provider] = federated;
  const refusals: string[] = [];
  const other = (actions ?? [show(statement.Action)]).filter((action) => action !== WEB_IDENTITY);
  if (other.length > 0) {
    refusals.push(
      `allows ${other.map(quote).join(', ')}, which is not understood (only ${WEB_IDENTITY})`,
    );
  }
  const conditions = readConditions(statement.Condition, providers.get(provider) ?? '');
  refusals.push(...conditions.refusals);
  return refusals.length > 0
    ? { kind: 'refused', refusals }
    : { kind: 'irsa', provider, serviceAccounts: conditions.serviceAccounts, refusals };
}

/** Pod Identity's statement as EKS needs it, and nothing more: the configuration writes it again. */
function podIdentityStatement(actions: string[] | undefined, condition: unknown): Reading {
  const exact =
    actions !== undefined &&
    actions.length === POD_IDENTITY_ACTIONS.length &&
    POD_IDENTITY_ACTIONS.every((action) => actions.includes(action)) &&
    condition === undefined;
  return exact
    ? { kind: 'pod-identity', refusals: [] }
    : refusedStatement(
        `trusts Service ${quote(POD_IDENTITY_PRINCIPAL)} with actions or conditions other than Pod Identity's own: ${LOSES_IT}`,
      );
}

/** The `sub` and `aud` conditions of a web identity statement for the provider of `issuer`. */
function readConditions(
  condition: unknown,
  issuer: string,
): { serviceAccounts: ServiceAccount[]; refusals: string[] } {
  const serviceAccounts: ServiceAccount[] = [];
  const refusals: string[] = [];
  const subKey = `${issuer}:sub`.toLowerCase();
  const audKey = `${issuer}:aud`.toLowerCase();
  let subSeen = false;
  const blocks = condition === undefined ? {} : condition;
  if (!isObject(blocks)) {
    return {
      serviceAccounts,
      refusals: [`has Condition ${show(condition)}, which is not understood`],
    };
  }
  for (const [operator, block] of Object.entries(blocks)) {
    if (!isObject(block)) {
      refusals.push(`has condition ${operator} ${show(block)}, which is not understood`);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const values = stringsOf(raw);
      // IAM compares condition keys regardless of case.
      const lower = key.toLowerCase();
      if (lower === subKey && values !== undefined) {
        subSeen = true;
        if (operator === 'StringEquals') {
          for (const value of values) {
            const account = serviceAccountOf(value);
            if (account === undefined) {
              refusals.push(
                `has :sub ${quote(value)}, not system:serviceaccount:<namespace>:<service account>`,
              );
            } else if (!serviceAccounts.some((known) => same(known, account))) {
              serviceAccounts.push(account);
            }
          }
          continue;
        }
        const wildcards = values.filter((value) => /[*?]/.test(value));
        if (operator === 'StringLike' && wildcards.length > 0) {
          refusals.push(
            `matches :sub ${wildcards.map(quote).join(', ')} with StringLike: the service accounts a wildcard admits cannot be listed as associations`,
          );
          continue;
        }
      }
      if (
        lower === audKey &&
        operator === 'StringEquals' &&
        values?.length === 1 &&
        values[0] === IRSA_AUDIENCE
      ) {
        continue;
      }
      refusals.push(
        `has condition ${operator} ${quote(key)} ${show(raw)}, which is not understood (${UNDERSTOOD})`,
      );
    }
  }
  if (!subSeen) {
    refusals.push('has no :sub condition: it admits every service account of the cluster');
  }
  return { serviceAccounts, refusals };
}

function serviceAccountOf(subject: string): ServiceAccount | undefined {
  const match = SUBJECT.exec(subject);
  if (match === null) return undefined;
  const [, namespace, serviceAccount] = match;
  return follows(rules.dnsLabel, namespace) && follows(rules.dnsSubdomain, serviceAccount)
    ? { namespace, serviceAccount }
    : undefined;
}

function same(a: ServiceAccount, b: ServiceAccount): boolean {
  return a.namespace === b.namespace && a.serviceAccount === b.serviceAccount;
}

function refused(reason: string): TrustReading {
  return { subjects: new Map(), podIdentity: false, refusals: [reason] };
}

function refusedStatement(reason: string): Reading {
  return { kind: 'refused', refusals: [reason] };
}

function sidOf(statement: unknown): string {
  return isObject(statement) && typeof statement.Sid === 'string' && statement.Sid !== ''
    ? ` (${statement.Sid})`
    : '';
}

/** A string, or a list of strings, as a list; undefined for anything else. */
function stringsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value as string[];
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  return JSON.stringify(text);
}
