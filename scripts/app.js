// The app command of cdktf.json. Transpiles main.ts and what it imports into
// dist/main.js with esbuild (tens of milliseconds; packages stay external),
// then runs it in this same process: one Node start, never stale code.
// Type checking is not repeated on every synth: `npm run build`, lint and
// the tests do it. Measured against tsx and tsc in `npm run bench`.
const { buildSync } = require('esbuild');
const { renameSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outfile = join(root, 'dist', 'main.js');
// Written aside and renamed: a synth running at the same time never reads half a file.
const written = `${outfile}.${process.pid}.tmp`;

buildSync({
  entryPoints: [join(root, 'main.ts')],
  outfile: written,
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});

renameSync(written, outfile);
require(outfile).main();
