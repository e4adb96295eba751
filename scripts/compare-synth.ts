/**
 * `npm run compare-synth -- <git ref>`: synthesizes the defaults and every
 * example with the working tree and with `<ref>` (a git worktree of it, with
 * this checkout's node_modules), and compares every file cdktf writes, byte
 * for byte. Exits 1 and shows where they differ when any does.
 *
 * Terraform addresses come from construct paths, so a refactor that keeps
 * this comparison clean keeps every resource's address (and every value).
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CONFIG_VARIABLES } from '../read/load-config';

const ROOT = join(__dirname, '..');

/** The configurations compared: the defaults, then every example. */
function cases(): { readonly name: string; readonly file?: string }[] {
  const examples = readdirSync(join(ROOT, 'examples'))
    .filter((file) => file.endsWith('.json'))
    .sort();
  return [
    { name: 'defaults' },
    ...examples.map((file) => ({
      name: file.replace(/\.json$/, ''),
      file: join(ROOT, 'examples', file),
    })),
  ];
}

/** Runs the app command of `tree` for each case, into `<out>/<case>`. */
function synthAll(tree: string, out: string): void {
  const base: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  for (const name of CONFIG_VARIABLES) Reflect.deleteProperty(base, name);
  for (const { name, file } of cases()) {
    mkdirSync(join(out, name), { recursive: true });
    const env = {
      ...base,
      CDKTF_OUTDIR: join(out, name),
      ...(file !== undefined && { POD_IDENTITY_CONFIG: file }),
    };
    execFileSync(process.execPath, ['scripts/app.js'], { cwd: tree, env, stdio: 'inherit' });
  }
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The first lines where two texts differ, for the report. */
function firstDifference(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const at = a.findIndex((line, index) => line !== b[index]);
  const line = at === -1 ? a.length : at;
  const show = (lines: string[]) => lines.slice(Math.max(0, line - 2), line + 3).join('\n');
  return `  first difference at line ${line + 1}:\n--- before\n${show(a)}\n+++ after\n${show(b)}`;
}

function compare(beforeDir: string, afterDir: string): string[] {
  const before = filesUnder(beforeDir);
  const after = filesUnder(afterDir);
  const problems: string[] = [];
  for (const file of before.filter((f) => !after.includes(f)))
    problems.push(`only before: ${file}`);
  for (const file of after.filter((f) => !before.includes(f))) problems.push(`only after: ${file}`);
  for (const file of before.filter((f) => after.includes(f))) {
    const a = readFileSync(join(beforeDir, file), 'utf8');
    const b = readFileSync(join(afterDir, file), 'utf8');
    if (a !== b) problems.push(`differs: ${file}\n${firstDifference(a, b)}`);
  }
  return problems;
}

function main(): void {
  const ref = process.argv[2];
  if (ref === undefined) {
    console.error('usage: npm run compare-synth -- <git ref>');
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'compare-synth-'));
  const baseTree = join(work, 'base');
  try {
    execFileSync('git', ['worktree', 'add', '--detach', baseTree, ref], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    symlinkSync(join(ROOT, 'node_modules'), join(baseTree, 'node_modules'));
    synthAll(baseTree, join(work, 'before'));
    synthAll(ROOT, join(work, 'after'));
    const problems = compare(join(work, 'before'), join(work, 'after'));
    const files = filesUnder(join(work, 'after')).length;
    if (problems.length > 0) {
      console.error(`${problems.length} difference(s) against ${ref}:\n${problems.join('\n')}`);
      process.exitCode = 1;
    } else {
      console.log(
        `Byte for byte the same as ${ref}: ${files} files of ${cases().length} configurations (the defaults and every example).`,
      );
    }
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', baseTree], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    rmSync(work, { recursive: true, force: true });
  }
}

main();
