import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { HELM_VALUES_FOLDER } from '../policy/helm-values';

/** A file written beside the stacks: its path in the output folder and its text. */
export interface OutputFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Removes the stacks and Helm values of an earlier synth from `outdir`, so
 * that a refused configuration leaves nothing a pipeline could deploy by
 * mistake. Only folders holding a synthesized `cdk.tf.json` are removed,
 * whatever `--output` names. State is not there: it lives next to the project.
 */
export function removeSynthesizedStacks(outdir: string): void {
  const stacks = join(outdir, 'stacks');
  if (existsSync(stacks)) {
    for (const entry of readdirSync(stacks, { withFileTypes: true })) {
      const folder = join(stacks, entry.name);
      if (entry.isDirectory() && existsSync(join(folder, 'cdk.tf.json'))) {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  }
  rmSync(join(outdir, 'manifest.json'), { force: true });
  rmSync(join(outdir, HELM_VALUES_FOLDER), { recursive: true, force: true });
}

/**
 * Writes the Helm values files into `outdir`, after removing those of an
 * earlier synth, so that a cluster or identity no longer configured leaves
 * no values behind.
 */
export function writeHelmValues(outdir: string, files: readonly OutputFile[]): void {
  rmSync(join(outdir, HELM_VALUES_FOLDER), { recursive: true, force: true });
  for (const file of files) {
    const path = join(outdir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
}
