import { Model } from '../../model/model';
import { JsonMap } from './config-files';

/**
 * Whether every setting of the configuration file reaches what is built
 * from it: for each leaf of the published JSON Schema, a file that sets it
 * to a value other than its default must resolve to another model, and
 * synthesize other Terraform, than the same file without it.
 */

/** The parts of the published JSON Schema the walk reads. */
interface JsonSchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly const?: unknown;
}

/**
 * Every leaf of the schema, as `identities[].role.name`: a value that is not
 * an object of named settings. A union of a value and an object
 * (`podIdentityAgent`: true or its settings) is a leaf and so is each of its
 * object's settings; each preset's parameters are `preset<name>.<key>`.
 */
export function schemaLeaves(schema: JsonSchemaNode, path = ''): string[] {
  const forms = schema.anyOf ?? schema.oneOf;
  if (forms !== undefined) {
    const values = forms.some((form) => form.properties === undefined) ? [path] : [];
    return [
      ...values,
      ...forms
        .filter((form) => form.properties !== undefined)
        .flatMap((form) => {
          const name = form.properties?.name?.const;
          const variant =
            schema.oneOf !== undefined && typeof name === 'string' ? `${path}<${name}>` : path;
          return schemaLeaves(form, variant);
        }),
    ];
  }
  if (schema.properties !== undefined) {
    return Object.entries(schema.properties).flatMap(([key, property]) =>
      schemaLeaves(property, path === '' ? key : `${path}.${key}`),
    );
  }
  const items = schema.items;
  if (schema.type === 'array' && items !== undefined) {
    if (items.properties !== undefined || items.anyOf !== undefined) {
      return schemaLeaves(items, `${path}[]`);
    }
  }
  return [path];
}

/** How one leaf is shown to reach the model and the Terraform. */
export type LeafCase =
  | {
      /** A file without the leaf (or with it at its default) that reaches its parent. */
      readonly base: JsonMap;
      /** The same file with the leaf set to another value. */
      readonly changed: JsonMap;
      /** The environment both are read with. */
      readonly environment?: Readonly<Record<string, string>>;
      /** Why the leaf changes only the model, not the Terraform, when it does. */
      readonly modelOnly?: string;
    }
  | {
      /** Why the leaf reaches neither (it is for editors, say). */
      readonly readOnly: string;
    };

/** Reads a file with an environment into the model. */
export type ReadFile = (file: JsonMap, environment: Readonly<Record<string, string>>) => Model;

/** Synthesizes a model: each stack's JSON. */
export type SynthModel = (model: Model) => readonly string[];

/** The model as stacks consume it: without the origins messages use. */
export function consumed(model: Model): string {
  return JSON.stringify(model, (key, value: unknown) =>
    key === 'origin' || key === 'nameOrigin' || key === 'arns' ? undefined : value,
  );
}

/** What a leaf's change reached; `unreached` names what it did not. */
export interface LeafResult {
  readonly leaf: string;
  readonly model: boolean;
  readonly terraform: boolean;
}

/** For each case, whether its change reached the model and the Terraform. */
export function reached(
  cases: Readonly<Record<string, LeafCase>>,
  read: ReadFile,
  synth: SynthModel,
): LeafResult[] {
  const synthesized = new Map<string, readonly string[]>();
  const terraformOf = (model: Model) => {
    const key = consumed(model);
    let stacks = synthesized.get(key);
    if (stacks === undefined) {
      stacks = synth(model);
      synthesized.set(key, stacks);
    }
    return stacks;
  };
  return Object.entries(cases).flatMap(([leaf, leafCase]): LeafResult[] => {
    if ('readOnly' in leafCase) return [];
    const environment = leafCase.environment ?? {};
    const before = read(leafCase.base, environment);
    const after = read(leafCase.changed, environment);
    return [
      {
        leaf,
        model: consumed(before) !== consumed(after),
        terraform: JSON.stringify(terraformOf(before)) !== JSON.stringify(terraformOf(after)),
      },
    ];
  });
}

/** Sets `value` at `path` in a copy of `file`, creating the objects on the way. */
export function setIn(file: JsonMap, path: readonly (string | number)[], value: unknown): JsonMap {
  const copy = structuredClone(file);
  let at: Record<string | number, unknown> = copy;
  path.slice(0, -1).forEach((part, index) => {
    const next = at[part];
    if (typeof next !== 'object' || next === null) {
      at[part] = typeof path[index + 1] === 'number' ? [] : {};
    }
    at = at[part] as Record<string | number, unknown>;
  });
  at[path[path.length - 1]] = value;
  return copy;
}
