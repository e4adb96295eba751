import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR, TemporaryDirs } from './measure';

/** The commit `--baseline <ref>` measures, checked out beside this one. */
export interface Baseline {
  /** As given on the command line. */
  readonly ref: string;
  /** Its commit, abbreviated. */
  readonly commit: string;
  /** How the report names it: `main (1e52f19)`, or the commit alone when that is the ref. */
  readonly label: string;
  /** A git worktree of it, with this checkout's node_modules linked in. */
  readonly dir: string;
}

function git(args: readonly string[], cwd = PROJECT_DIR): string {
  return execFileSync('git', [...args], { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** This checkout's commit, abbreviated, and whether the tree has uncommitted changes. */
export function currentCommit(): string {
  try {
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const changed = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    return changed ? `${commit} with uncommitted changes` : commit;
  } catch {
    return 'not a git checkout';
  }
}

/**
 * A detached worktree of `ref` in a temporary folder, as `npm run
 * compare-synth` makes one: its own sources, cdktf.json and app command, and
 * this checkout's node_modules (the same cdktf, providers and Node.js), so
 * that only the code differs. `remove` deletes it and git's record of it.
 */
export function checkOutBaseline(
  ref: string,
  temporary: TemporaryDirs,
): Baseline & { remove(): void } {
  const commit = git(['rev-parse', '--short', '--verify', `${ref}^{commit}`]);
  const dir = join(temporary.make('baseline'), 'tree');
  git(['worktree', 'add', '--detach', dir, commit]);
  symlinkSync(join(PROJECT_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    ref,
    commit,
    label: commit.startsWith(ref) || ref.startsWith(commit) ? commit : `${ref} (${commit})`,
    dir,
    remove: () => {
      try {
        git(['worktree', 'remove', '--force', dir]);
      } catch {
        // Already gone from disk: forget it.
        git(['worktree', 'prune']);
      }
    },
  };
}
