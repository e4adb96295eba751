import { existsSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';

/**
 * Removes the stacks of an earlier synth from `outdir`, so that a refused
 * configuration leaves nothing a pipeline could deploy by mistake. Only
 * folders holding a synthesized `cdk.tf.json` are removed, whatever
 * `--output` names. State is not there: it lives next to the project.
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
}
