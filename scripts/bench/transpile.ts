import { buildSync } from 'esbuild';
import { readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from './measure';

/** The app's sources: what `tsconfig.build.json` compiles. */
const APP_SOURCES = ['main.ts', 'config', 'policy', 'modules', 'stacks'];

function typescriptFiles(path: string): string[] {
  if (path.endsWith('.ts')) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() || entry.name.endsWith('.ts')
      ? typescriptFiles(join(path, entry.name))
      : [],
  );
}

/**
 * Transpiles the app's sources and `extra` (project-relative .ts files) file
 * by file into `dir`, keeping the folder layout (as tsc would: each module
 * stays a module, so `require.main` checks keep working), with the project's
 * node_modules linked in. Returns the path of each `extra` file's .js.
 */
export function transpileApp(dir: string, extra: readonly string[]): string[] {
  const entryPoints = [
    ...APP_SOURCES.flatMap((source) => typescriptFiles(join(PROJECT_DIR, source))),
    ...extra.map((file) => join(PROJECT_DIR, file)),
  ];
  buildSync({
    entryPoints,
    outdir: dir,
    outbase: PROJECT_DIR,
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  symlinkSync(join(PROJECT_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return extra.map((file) => join(dir, file.replace(/\.ts$/, '.js')));
}
