import { buildSync } from 'esbuild';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from './measure';

/**
 * The app's sources in `projectDir`: the files and folders its
 * `tsconfig.build.json` includes (`main.ts`; `core`, for a pattern under it).
 * Read from the tree itself, since the layout differs between commits.
 */
function appSources(projectDir: string): string[] {
  const file = join(projectDir, 'tsconfig.build.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { include?: string[] };
  const roots = (config.include ?? []).map((pattern) => pattern.split('/')[0]);
  if (roots.length === 0) throw new Error(`${file} includes nothing`);
  return [...new Set(roots)];
}

function typescriptFiles(path: string): string[] {
  if (path.endsWith('.ts')) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() || entry.name.endsWith('.ts')
      ? typescriptFiles(join(path, entry.name))
      : [],
  );
}

/**
 * Transpiles the app's sources of `projectDir` (this checkout, or a baseline
 * worktree) and `extra` (.ts files relative to it) file by file into `dir`,
 * keeping the folder layout (as tsc would: each module stays a module, so
 * `require.main` checks keep working), with this checkout's node_modules
 * linked in. Returns the path of each `extra` file's .js.
 */
export function transpileApp(projectDir: string, dir: string, extra: readonly string[]): string[] {
  const missing = extra.filter((file) => !existsSync(join(projectDir, file)));
  if (missing.length > 0) throw new Error(`${projectDir} has no ${missing.join(', ')}`);
  const entryPoints = [
    ...appSources(projectDir)
      .map((source) => join(projectDir, source))
      .filter((path) => existsSync(path))
      .flatMap(typescriptFiles),
    ...extra.map((file) => join(projectDir, file)),
  ];
  buildSync({
    entryPoints,
    outdir: dir,
    outbase: projectDir,
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  symlinkSync(join(PROJECT_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return extra.map((file) => join(dir, file.replace(/\.ts$/, '.js')));
}
