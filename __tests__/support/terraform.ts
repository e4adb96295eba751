import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './run-command';

/** Set to `1` to skip the Terraform checks on a machine without Terraform (CI never does). */
export const SKIP_TERRAFORM_VARIABLE = 'POD_IDENTITY_SKIP_TERRAFORM';

/** A filesystem mirror of providers (`<dir>/<host>/<namespace>/<type>/...`), used instead of the registry. */
export const MIRROR_VARIABLE = 'TF_PROVIDER_MIRROR';

export function terraformSkipped(): boolean {
  return process.env[SKIP_TERRAFORM_VARIABLE] === '1';
}

/**
 * A Terraform CLI configuration of the harness's own, written into `dir`:
 * with `TF_PROVIDER_MIRROR`, the providers found in that mirror are installed
 * from it and every other provider from its registry; without it, Terraform
 * downloads providers as usual. Returns the environment to run Terraform with.
 *
 * No plugin cache: `TF_PLUGIN_CACHE_DIR` is dropped and cdktf is told not to
 * set its own (`~/.terraform.d/plugin-cache`, shared by everything on the
 * machine). Since Terraform 1.4 every `init` of a folder without a lock file
 * entry installs into the cache again, unlinking the entry and linking it
 * anew; another `init` at that moment fails ("mkdir ...: file exists") and a
 * plan, apply or destroy of a folder linked through the cache finds no
 * provider ("Required plugins are not installed"). Concurrent deploys, and
 * other jobs on the machine, did exactly that (scripts/repro/plugin-cache-race.sh).
 * From the mirror, an install is a symbolic link into it: nothing to cache.
 */
export function terraformEnvironment(dir: string): NodeJS.ProcessEnv {
  const mirror = process.env[MIRROR_VARIABLE];
  const file = join(dir, 'terraform.rc');
  let config = '';
  if (mirror !== undefined && mirror !== '') {
    const providers = mirroredProviders(mirror);
    const list = providers.map((p) => JSON.stringify(p)).join(', ');
    config = [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${list}]`,
      '  }',
      '  direct {',
      `    exclude = [${list}]`,
      '  }',
      '}',
      '',
    ].join('\n');
  }
  writeFileSync(file, config);
  const { TF_PLUGIN_CACHE_DIR: _sharedCache, ...inherited } = process.env;
  return {
    ...inherited,
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
    TF_CLI_CONFIG_FILE: file,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

/** `host/namespace/type` of every provider in a filesystem mirror. */
function mirroredProviders(mirror: string): string[] {
  if (!existsSync(mirror)) {
    throw new Error(`${MIRROR_VARIABLE}=${mirror}: no such directory`);
  }
  const children = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  const providers = children(mirror).flatMap((host) =>
    children(join(mirror, host)).flatMap((namespace) =>
      children(join(mirror, host, namespace)).map((type) => `${host}/${namespace}/${type}`),
    ),
  );
  if (providers.length === 0) {
    throw new Error(
      `${MIRROR_VARIABLE}=${mirror}: holds no provider (expected <host>/<namespace>/<type>/...)`,
    );
  }
  return providers;
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** File the diagnostic is about, relative to the validated folder. */
  readonly file?: string;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

interface ValidateJson {
  readonly valid: boolean;
  readonly diagnostics: readonly {
    severity: 'error' | 'warning';
    summary: string;
    detail?: string;
    range?: { filename: string };
  }[];
}

const TIMEOUT_MS = 120_000;

/**
 * Validates synthesized stacks with the real providers, sharing one
 * `terraform init`: every stack becomes a child module of one root, so one
 * `terraform validate` loads each provider's schema once for all of them.
 * (Child modules ignore backend blocks with a warning; `validateRoot` checks
 * a stack as the root module it is.)
 */
export class TerraformHarness {
  private constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Fails when Terraform cannot be run: a missing tool must not pass as a green test. */
  static async create(): Promise<TerraformHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'pod-identity-tf-'));
    const env = terraformEnvironment(dir);
    const version = await runCommand('terraform', ['version'], {
      cwd: dir,
      env,
      timeoutMs: 30_000,
    });
    if (version.code !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `terraform cannot be run (${version.stderr.trim() || `exit ${version.code}`}). Install Terraform >= 1.10, or set ${SKIP_TERRAFORM_VARIABLE}=1 to skip the Terraform checks.`,
      );
    }
    return new TerraformHarness(dir, env);
  }

  /** Validates each stack (name → synthesized JSON) as a child module of one root. */
  async validateModules(stacks: Readonly<Record<string, string>>): Promise<ValidationResult> {
    const root = join(this.dir, 'modules');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    const modules: Record<string, { source: string }> = {};
    for (const [name, json] of Object.entries(stacks)) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'cdk.tf.json'), json);
      modules[name] = { source: `./${name}` };
    }
    writeFileSync(join(root, 'main.tf.json'), JSON.stringify({ module: modules }));
    await this.terraform(root, ['init', '-backend=false', '-no-color']);
    return this.validate(root);
  }

  /**
   * Validates one stack as a root module, reusing the providers of the last
   * `validateModules` (call that first, with a stack of the same providers).
   */
  async validateRoot(json: string): Promise<ValidationResult> {
    const root = join(this.dir, 'root');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    writeFileSync(join(root, 'cdk.tf.json'), json);
    symlinkSync(join(this.dir, 'modules', '.terraform'), join(root, '.terraform'));
    copyFileSync(
      join(this.dir, 'modules', '.terraform.lock.hcl'),
      join(root, '.terraform.lock.hcl'),
    );
    return this.validate(root);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async validate(dir: string): Promise<ValidationResult> {
    const result = await runCommand('terraform', ['validate', '-json', '-no-color'], {
      cwd: dir,
      env: this.env,
      timeoutMs: TIMEOUT_MS,
    });
    const parsed = JSON.parse(result.stdout) as ValidateJson;
    return {
      valid: parsed.valid,
      diagnostics: parsed.diagnostics.map((d) => ({
        severity: d.severity,
        summary: d.summary,
        detail: d.detail ?? '',
        ...(d.range !== undefined && { file: d.range.filename }),
      })),
    };
  }

  private async terraform(dir: string, args: readonly string[]): Promise<void> {
    const result = await runCommand('terraform', args, {
      cwd: dir,
      env: this.env,
      timeoutMs: TIMEOUT_MS,
    });
    if (result.code !== 0) {
      const hint =
        process.env[MIRROR_VARIABLE] === undefined
          ? `\nWithout access to the provider registry, set ${MIRROR_VARIABLE} to a filesystem mirror of the providers (the folder holding registry.terraform.io/), or ${SKIP_TERRAFORM_VARIABLE}=1 to skip the Terraform checks.`
          : '';
      throw new Error(
        `terraform ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}${result.stdout}${hint}`,
      );
    }
  }
}
