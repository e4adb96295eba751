import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR, TemporaryDirs } from './measure';

/**
 * The CLI floor: a one-output app run as `node floor.js`, the least any
 * cdktf app can cost. A TerraformStack with a single TerraformOutput.
 */
const FLOOR_APP = `const { App, TerraformOutput, TerraformStack } = require('cdktf');

const app = new App();
const stack = new TerraformStack(app, 'floor');
new TerraformOutput(stack, 'floor', { value: 'floor' });
app.synth();
`;

/**
 * A temporary project folder for the floor app: the project's cdktf.json
 * with \`"app": "node floor.js"\` (so the CLI does the same work around it),
 * and the project's node_modules linked in so that \`require('cdktf')\`
 * resolves to the same cdktf.
 */
export function makeFloorProject(temporary: TemporaryDirs): string {
  const dir = temporary.make('floor');
  const cdktfJson = JSON.parse(readFileSync(join(PROJECT_DIR, 'cdktf.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(
    join(dir, 'cdktf.json'),
    `${JSON.stringify({ ...cdktfJson, app: 'node floor.js' }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'floor.js'), FLOOR_APP);
  symlinkSync(join(PROJECT_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
