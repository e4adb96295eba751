import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configOf, parse, synthApp } from './synth';
import { exampleFiles } from './examples';

/**
 * Terraform addresses are state: Terraform keeps a resource's object under its
 * address, and an address that changes is a destroy and a create (a user's
 * role re-created, its associations with it). The addresses of every example
 * are recorded in __tests__/addresses/addresses.json; the test fails when one
 * disappears without a `moved` block that carries its state to a new one.
 */

/** Addresses by configuration (`defaults` or the example's name), then by stack. */
export type AddressRecord = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export const RECORD_FILE = join(__dirname, '..', 'addresses', 'addresses.json');

/** A stack's resource addresses (`aws_iam_role.example_role_A3A74A8B`) and its moved blocks. */
export interface StackAddresses {
  readonly addresses: readonly string[];
  readonly moved: readonly { readonly from: string; readonly to: string }[];
}

/** The resources of a synthesized stack, by address, and its `moved` blocks. */
export function stackAddresses(synthesized: string): StackAddresses {
  const json = parse(synthesized) as ReturnType<typeof parse> & {
    readonly moved?: readonly { readonly from: string; readonly to: string }[];
  };
  const addresses = Object.entries(json.resource ?? {}).flatMap(([type, blocks]) =>
    Object.keys(blocks).map((name) => `${type}.${name}`),
  );
  return { addresses: addresses.sort(), moved: json.moved ?? [] };
}

/** Every configuration's stacks, synthesized, by stack name. */
export function currentAddresses(): Record<string, Record<string, StackAddresses>> {
  const configurations: [string, unknown][] = [
    ['defaults', undefined],
    ...Object.entries(exampleFiles()),
  ];
  return Object.fromEntries(
    configurations.map(([name, file]) => {
      const { stacks, aws, workloads } = synthApp(configOf(file));
      const all = [aws, ...workloads];
      return [
        name,
        Object.fromEntries(
          [stacks.aws, ...stacks.workloads].map((stack, index) => [
            stack.node.id,
            stackAddresses(all[index]),
          ]),
        ),
      ];
    }),
  );
}

export function readRecord(): AddressRecord {
  return JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as AddressRecord;
}

export function writeRecord(current: Record<string, Record<string, StackAddresses>>): void {
  const record = Object.fromEntries(
    Object.entries(current).map(([name, stacks]) => [
      name,
      Object.fromEntries(Object.entries(stacks).map(([stack, s]) => [stack, s.addresses])),
    ]),
  );
  writeFileSync(RECORD_FILE, `${JSON.stringify(record, null, 2)}\n`);
}

/** What changed against the record: each lost address without a move, and each new one. */
export interface AddressChanges {
  /** `<configuration> <stack> <address>`: recorded, gone, and moved nowhere. */
  readonly lost: readonly string[];
  /** `<configuration> <stack> <address>`: not recorded yet (the record must be updated). */
  readonly added: readonly string[];
}

export function addressChanges(
  record: AddressRecord,
  current: Readonly<Record<string, Readonly<Record<string, StackAddresses>>>>,
): AddressChanges {
  const lost: string[] = [];
  const added: string[] = [];
  for (const name of new Set([...Object.keys(record), ...Object.keys(current)])) {
    const recordedStacks = record[name] ?? {};
    const currentStacks = current[name] ?? {};
    for (const stack of new Set([...Object.keys(recordedStacks), ...Object.keys(currentStacks)])) {
      const now = currentStacks[stack] ?? { addresses: [], moved: [] };
      const movedFrom = new Set(
        now.moved.filter((m) => now.addresses.includes(m.to)).map((m) => m.from),
      );
      const before = recordedStacks[stack] ?? [];
      for (const address of before) {
        if (!now.addresses.includes(address) && !movedFrom.has(address)) {
          lost.push(`${name} ${stack} ${address}`);
        }
      }
      for (const address of now.addresses) {
        if (!before.includes(address)) added.push(`${name} ${stack} ${address}`);
      }
    }
  }
  return { lost, added };
}

// `npx tsx __tests__/support/addresses.ts --write` records today's addresses.
if (require.main === module && process.argv.includes('--write')) {
  writeRecord(currentAddresses());
  console.log(`Recorded the addresses of every example in ${RECORD_FILE}.`);
}
