import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import { Construct } from 'constructs';

/** Blocks of one kind, by type, then by their Terraform name. */
type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** A stack synthesized by `Testing.synthScope`, parsed (cdktf has dropped its `//` metadata). */
export interface StackJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly ephemeral?: Blocks;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
}

export interface SynthesizedConstruct<T> {
  /** The stack's JSON as text, for cdktf's matchers (`toHaveResourceWithProperties`, ...). */
  readonly synthesized: string;
  /** The same JSON, parsed, for exact structures. */
  readonly json: StackJson;
  /** What `build` returned, each token resolved to the Terraform expression the stack writes. */
  readonly resolved: T;
}

/**
 * Synthesizes what `build` creates in a stack of its own, as
 * `Testing.synthScope` does, and resolves what it returns: a construct's
 * attributes (`roleArn`, `namespaceName`, ...) come back as the references
 * Terraform reads, e.g. `${kubernetes_namespace_v1.team.metadata[0].name}`.
 * Return attributes, not constructs: cdktf refuses to resolve a construct.
 */
export function synthConstruct<T = void>(build: (scope: Construct) => T): SynthesizedConstruct<T> {
  let built: { scope: Construct; value: T } | undefined;
  const synthesized = Testing.synthScope((scope) => {
    built = { scope, value: build(scope) };
  });
  if (built === undefined) throw new Error('Testing.synthScope did not call build');
  const resolved = Tokenization.resolve(built.value, {
    scope: built.scope,
    resolver: new DefaultTokenResolver(new StringConcat()),
    preparing: false,
  }) as T;
  return { synthesized, json: JSON.parse(synthesized) as StackJson, resolved };
}

/** The blocks of one type (`resource`, `data` or `ephemeral`), keyed by their Terraform name. */
export function blocksOfType(
  json: StackJson,
  kind: 'resource' | 'data' | 'ephemeral',
  type: string,
): Record<string, Record<string, unknown>> {
  return json[kind]?.[type] ?? {};
}

/** The one block of a type, with its Terraform name; throws when there is none or more than one. */
export function onlyBlock(
  json: StackJson,
  kind: 'resource' | 'data' | 'ephemeral',
  type: string,
): { readonly name: string; readonly body: Record<string, unknown> } {
  const entries = Object.entries(blocksOfType(json, kind, type));
  if (entries.length !== 1) {
    throw new Error(`expected one ${kind} ${type}, found ${entries.length}`);
  }
  const [[name, body]] = entries;
  return { name, body };
}
