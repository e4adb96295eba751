/**
 * One in-process synth, in a process of its own so that its peak RSS is this
 * size's: `node synth-child.js <config file> <outdir>` reads the file through
 * `loadConfig` (as `POD_IDENTITY_CONFIG`), builds the app with `buildApp`,
 * synthesizes it into `outdir` and prints a `SynthTimes` as JSON.
 * `npm run bench` transpiles it with the app's sources into a temporary folder.
 */
import { App } from 'cdktf';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../read/load-config';
import { buildApp } from '../../main';

export interface SynthTimes {
  /** Node's start and loading the app's modules (cdktf and the providers). */
  readonly loadSeconds: number;
  /** `loadConfig`: reading, parsing and checking the file. */
  readonly readSeconds: number;
  /** `new App` and `buildApp`: the construct tree. */
  readonly constructSeconds: number;
  /** `app.synth()`: resolving tokens and writing the JSON. */
  readonly synthSeconds: number;
  /** Read + construct + synth. */
  readonly totalSeconds: number;
  /** `process.resourceUsage().maxRSS`, in bytes. */
  readonly peakRssBytes: number;
}

function run(configFile: string, outdir: string): SynthTimes {
  const loaded = performance.now();
  const config = loadConfig({ POD_IDENTITY_CONFIG: configFile }, process.cwd());
  const read = performance.now();
  const app = new App({ outdir });
  buildApp(app, config);
  const built = performance.now();
  app.synth();
  const synthesized = performance.now();
  return {
    loadSeconds: loaded / 1000,
    readSeconds: (read - loaded) / 1000,
    constructSeconds: (built - read) / 1000,
    synthSeconds: (synthesized - built) / 1000,
    totalSeconds: (synthesized - loaded) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

if (require.main === module) {
  const [configFile, outdir] = process.argv.slice(2);
  if (configFile === undefined || outdir === undefined) {
    console.error('usage: node synth-child.js <config file> <outdir>');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(run(configFile, outdir))}\n`);
}
