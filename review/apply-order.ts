/**
 * The order in which Terraform will apply a plan, read from the graph it
 * prints for the plan file (`terraform graph -plan=<plan file>`, DOT): the
 * JSON plan lists what changes, never in which order. An edge `"A" -> "B"`
 * says A waits for B. Nodes are `[root] <address>` for a create or an update
 * (with an `(expand)` twin), `[root] <address> (destroy)` for a deletion.
 */

/** One operation of the apply: the create or update of a resource, or its deletion. */
export interface Operation {
  readonly address: string;
  readonly destroy: boolean;
}

/** `before`: `first` is done before `then` starts; `after`: the other way; `unordered`: either. */
export type Ordering = 'before' | 'after' | 'unordered';

export class ApplyOrder {
  private readonly waitsFor = new Map<string, Set<string>>();

  /** Reads the DOT text of `terraform graph -plan=<plan file>`. */
  static fromDot(dot: string): ApplyOrder {
    const order = new ApplyOrder();
    const edge = /^\s*"((?:[^"\\]|\\.)*)"\s*->\s*"((?:[^"\\]|\\.)*)"/;
    for (const line of dot.split('\n')) {
      const match = edge.exec(line);
      if (match !== null) order.add(nodeKey(match[1]), nodeKey(match[2]));
    }
    return order;
  }

  /** Whether the graph holds any operation of this address at all. */
  has(operation: Operation): boolean {
    const key = operationKey(operation);
    if (this.waitsFor.has(key)) return true;
    return [...this.waitsFor.values()].some((targets) => targets.has(key));
  }

  compare(first: Operation, then: Operation): Ordering {
    const a = operationKey(first);
    const b = operationKey(then);
    if (this.reaches(b, a)) return 'before';
    if (this.reaches(a, b)) return 'after';
    return 'unordered';
  }

  private add(from: string, to: string): void {
    if (from === to) return;
    const targets = this.waitsFor.get(from) ?? new Set<string>();
    targets.add(to);
    this.waitsFor.set(from, targets);
  }

  /** Whether `from` waits, directly or not, for `to`. */
  private reaches(from: string, to: string): boolean {
    const seen = new Set<string>([from]);
    const queue = [from];
    while (queue.length > 0) {
      const node = queue.shift() as string;
      for (const next of this.waitsFor.get(node) ?? []) {
        if (next === to) return true;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  }
}

function operationKey(operation: Operation): string {
  return operation.destroy ? `${operation.address} (destroy)` : operation.address;
}

/** `[root] aws_iam_role.x (destroy)` -> `aws_iam_role.x (destroy)`; `(expand)` joins its node. */
function nodeKey(node: string): string {
  const name = node.replace(/\\"/g, '"').replace(/^\[root\] /, '');
  const match = /^(.*) \((destroy(?: deposed \S+)?|expand)\)$/.exec(name);
  if (match === null) return name;
  return match[2].startsWith('destroy') ? `${match[1]} (destroy)` : match[1];
}
