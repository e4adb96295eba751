// @ts-check
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/**
 * An ESLint rule: refuses an import that closes a cycle, such as a.ts
 * importing b.ts which imports a.ts again. Layers keep imports pointing down
 * between folders; this keeps them acyclic inside a folder too, so that each
 * module can be read (and loaded) before the ones that use it.
 *
 * It follows relative imports of TypeScript files (type-only ones too: they
 * tie the modules as much for a reader), read from disk.
 */

/** @type {Map<string, { mtime: number, imports: string[] }>} */
const imported = new Map();

const IMPORT =
  /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^;'"]*?\sfrom\s*)?['"](\.[^'"]+)['"]/g;

/** The file a relative import names, or undefined when there is none. */
function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The files `file` imports, relatively. */
function importsOf(file) {
  const mtime = statSync(file).mtimeMs;
  const known = imported.get(file);
  if (known !== undefined && known.mtime === mtime) return known.imports;
  const text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(IMPORT)]
    .map((match) => resolveImport(file, match[1]))
    .filter((target) => target !== undefined);
  imported.set(file, { mtime, imports });
  return imports;
}

/** A chain of imports from `start` back to `goal`, or undefined. */
function pathBack(start, goal) {
  /** @type {Map<string, string | undefined>} */
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.shift());
    if (file === goal) {
      const chain = [];
      for (
        let at = /** @type {string | undefined} */ (file);
        at !== undefined;
        at = cameFrom.get(at)
      ) {
        chain.unshift(at);
      }
      return chain;
    }
    for (const next of importsOf(file)) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Refuse imports that close a cycle between modules.' },
    messages: {
      cycle: 'Import cycle: {{cycle}}. Move what both need into a module of its own below them.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    /** @param {import('estree').Node & { source?: import('estree').Literal | null }} node */
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = resolveImport(file, specifier);
      if (target === undefined) return;
      const chain = pathBack(target, file);
      if (chain === undefined) return;
      const cycle = [file, ...chain].map((f) => relative(root, f)).join(' -> ');
      context.report({ node, messageId: 'cycle', data: { cycle } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    };
  },
};
