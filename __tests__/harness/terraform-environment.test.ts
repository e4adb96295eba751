import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformEnvironment } from '../support/terraform';

describe('terraformEnvironment', () => {
  let dir: string;
  const saved = process.env.TF_PLUGIN_CACHE_DIR;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pod-identity-tf-env-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.TF_PLUGIN_CACHE_DIR;
    else process.env.TF_PLUGIN_CACHE_DIR = saved;
  });

  // A shared plugin cache makes concurrent `terraform init`s fail and pulls the
  // provider from under running plans (scripts/repro/plugin-cache-race.sh).
  it("shares no plugin cache: drops the machine's TF_PLUGIN_CACHE_DIR and stops cdktf setting one", () => {
    process.env.TF_PLUGIN_CACHE_DIR = join(dir, 'machine-wide-cache');
    const env = terraformEnvironment(dir);
    expect(env).not.toHaveProperty('TF_PLUGIN_CACHE_DIR');
    expect(env.CDKTF_DISABLE_PLUGIN_CACHE_ENV).toBe('1');
    expect(env.TF_CLI_CONFIG_FILE).toBe(join(dir, 'terraform.rc'));
  });
});
