import { isObject } from './json';

/**
 * The part of a Terraform plan in JSON (`terraform show -json <plan>`) that
 * the review reads, checked as it is read: every planned change of a managed
 * resource, the data sources read while planning, and the references of the
 * configuration, which name the resource an unknown value will come from.
 *
 * Fields read, all of format 1.x:
 * - `resource_changes[]`: `address`, `mode`, `type`, `action_reason`, and
 *   `change.actions`, `change.before`, `change.after`,
 *   `change.after_unknown`, `change.replace_paths`;
 * - `prior_state.values.root_module` (and its `child_modules`): the data
 *   sources read during the plan, `data.aws_iam_policy_document.*` with its
 *   `json`;
 * - `configuration.root_module.resources[].expressions`: the `references` of
 *   each attribute, and of each block's attributes.
 */

/** A change's actions, in Terraform's order: `["delete","create"]` deletes first. */
export type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** Attribute values as the plan holds them. */
export type Values = Readonly<Record<string, unknown>>;

/** An expression of the configuration: the addresses it references, its value when constant. */
export interface Expression {
  readonly references: readonly string[];
  readonly constant?: unknown;
}

/** A resource's expressions: top-level attributes, and each block's attributes by block index. */
export interface Expressions {
  readonly attributes: ReadonlyMap<string, Expression>;
  readonly blocks: ReadonlyMap<string, readonly ReadonlyMap<string, Expression>[]>;
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  /** `["no-op"]` for a resource the plan leaves as it is. */
  readonly actions: readonly Action[];
  /** Why Terraform chose the actions (`delete_because_no_resource_config`), when it says. */
  readonly actionReason?: string;
  /** Undefined for a resource that does not exist yet. */
  readonly before?: Values;
  /** Undefined for a resource that will not exist after the apply. */
  readonly after?: Values;
  /** Mirrors `after`: `true` where a value is known only after the apply. */
  readonly afterUnknown: unknown;
  /** The attribute paths that force the replacement. */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** The configuration's expressions for this resource; absent for a resource not in it. */
  readonly expressions?: Expressions;
}

export interface StackPlan {
  /** The stack's name: its folder's, or the plan file's. */
  readonly stack: string;
  readonly terraformVersion: string;
  readonly resources: readonly ResourceChange[];
  /** The `json` of every `data.aws_iam_policy_document`; undefined while it is read at apply. */
  readonly policyDocuments: ReadonlyMap<string, string | undefined>;
}

/** A plan that cannot be read: the review cannot say anything and fails. */
export class PlanReadError extends Error {}

/** Reads a plan's JSON text; throws a `PlanReadError` naming `stack` when it is not one. */
export function readPlanJson(text: string, stack: string): StackPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PlanReadError(`${stack}: the plan is not JSON (${(error as Error).message})`);
  }
  return readPlan(parsed, stack);
}

export function readPlan(plan: unknown, stack: string): StackPlan {
  const fail = (why: string): never => {
    throw new PlanReadError(
      `${stack}: not a Terraform plan in JSON (terraform show -json <plan file>): ${why}`,
    );
  };
  if (!isObject(plan)) return fail('not an object');
  const format = plan.format_version;
  if (typeof format !== 'string') return fail('no format_version');
  if (!format.startsWith('1.')) return fail(`format_version ${format}, not 1.x`);
  if (!('planned_values' in plan) && !('resource_changes' in plan)) {
    return fail('no planned_values or resource_changes: a state, not a plan?');
  }
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) return fail('resource_changes is not an array');

  const expressions = configurationExpressions(plan.configuration);
  const resources = changes.map((entry, index): ResourceChange => {
    const at = `resource_changes[${index}]`;
    if (!isObject(entry) || !isObject(entry.change)) return fail(`${at} has no change`);
    const { address, mode, type } = entry;
    if (typeof address !== 'string' || typeof type !== 'string') {
      return fail(`${at} has no address or type`);
    }
    const actions = entry.change.actions;
    if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) {
      return fail(`${at} (${address}) has no change.actions`);
    }
    const { before, after } = entry.change;
    return {
      address,
      mode: mode === 'data' ? 'data' : 'managed',
      type,
      actions: actions as Action[],
      ...(typeof entry.action_reason === 'string' && { actionReason: entry.action_reason }),
      ...(isObject(before) && { before }),
      ...(isObject(after) && { after }),
      afterUnknown: entry.change.after_unknown ?? {},
      replacePaths: Array.isArray(entry.change.replace_paths)
        ? entry.change.replace_paths.filter(Array.isArray)
        : [],
      ...(expressions.has(address) && { expressions: expressions.get(address) }),
    };
  });

  const policyDocuments = new Map<string, string | undefined>();
  for (const data of stateResources(plan.prior_state)) {
    if (data.type === 'aws_iam_policy_document' && typeof data.values?.json === 'string') {
      policyDocuments.set(data.address, data.values.json);
    }
  }
  // A data source read during the apply (its arguments are unknown until then).
  for (const change of resources) {
    if (change.mode === 'data' && change.type === 'aws_iam_policy_document') {
      policyDocuments.set(change.address, stringAt(change.after, 'json'));
    }
  }
  return {
    stack,
    terraformVersion: typeof plan.terraform_version === 'string' ? plan.terraform_version : '',
    resources,
    policyDocuments,
  };
}

/** The string at `key` of `values`, if it is one. */
export function stringAt(values: Values | undefined, key: string): string | undefined {
  const value = values?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Whether the value at `path` of an `after_unknown` tree is unknown (or inside an unknown). */
export function isUnknown(afterUnknown: unknown, path: readonly (string | number)[]): boolean {
  let node = afterUnknown;
  for (const step of path) {
    if (node === true) return true;
    if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else if (isObject(node) && typeof step === 'string') node = node[step];
    else return false;
  }
  return node === true;
}

/** The resource addresses an expression references (`aws_iam_role.x.arn` -> `aws_iam_role.x`). */
export function referencedResources(expression: Expression | undefined): string[] {
  const addresses = new Set<string>();
  for (const reference of expression?.references ?? []) {
    const parts = reference.split('.');
    const address = parts[0] === 'data' ? parts.slice(0, 3) : parts.slice(0, 2);
    addresses.add(address.join('.'));
  }
  return [...addresses];
}

interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values?: Record<string, unknown>;
}

function stateResources(state: unknown): StateResource[] {
  if (!isObject(state) || !isObject(state.values)) return [];
  const found: StateResource[] = [];
  const walk = (module: unknown) => {
    if (!isObject(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(resource)) continue;
      const { address, type, values } = resource;
      if (typeof address !== 'string' || typeof type !== 'string') continue;
      found.push({ address, type, ...(isObject(values) && { values }) });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
      walk(child);
    }
  };
  walk(state.values.root_module);
  return found;
}

/** Expressions of the root module's resources, by address. */
function configurationExpressions(configuration: unknown): Map<string, Expressions> {
  const found = new Map<string, Expressions>();
  if (!isObject(configuration) || !isObject(configuration.root_module)) return found;
  const resources = configuration.root_module.resources;
  for (const resource of Array.isArray(resources) ? resources : []) {
    if (!isObject(resource) || typeof resource.address !== 'string') continue;
    const attributes = new Map<string, Expression>();
    const blocks = new Map<string, ReadonlyMap<string, Expression>[]>();
    const raw = isObject(resource.expressions) ? resource.expressions : {};
    for (const [name, value] of Object.entries(raw)) {
      if (Array.isArray(value)) {
        blocks.set(name, value.filter(isObject).map(blockExpressions));
      } else if (isObject(value)) {
        attributes.set(name, expression(value));
      }
    }
    found.set(resource.address, { attributes, blocks });
  }
  return found;
}

function blockExpressions(block: Record<string, unknown>): ReadonlyMap<string, Expression> {
  const attributes = new Map<string, Expression>();
  for (const [name, value] of Object.entries(block)) {
    if (isObject(value)) attributes.set(name, expression(value));
  }
  return attributes;
}

function expression(value: Record<string, unknown>): Expression {
  const references = Array.isArray(value.references)
    ? value.references.filter((r): r is string => typeof r === 'string')
    : [];
  return { references, ...('constant_value' in value && { constant: value.constant_value }) };
}
