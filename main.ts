import { App } from 'cdktf';
import { ConfigError } from './config/read/config-error';
import { loadConfig } from './config/read/load-config';
import {
  awsStackName,
  clustersWithWorkloads,
  workloadStackName,
} from './config/schema/stack-names';
import { PodIdentityConfig } from './config/schema/types';
import { withoutCreationStacks } from './modules/creation-stacks';
import { removeSynthesizedStacks } from './modules/synthesized-output';
import { PodIdentityAwsStack } from './stacks/pod-identity-aws-stack';
import { PodIdentityWorkloadStack } from './stacks/pod-identity-workload-stack';

/** Adds the AWS stack and one workload stack per cluster that runs workloads. */
export function buildApp(app: App, config: PodIdentityConfig) {
  // Creation stacks would take most of the time and memory of a large config.
  return withoutCreationStacks(() => {
    const aws = new PodIdentityAwsStack(app, awsStackName(config.environment), { config });
    const workloads = clustersWithWorkloads(config.clusters, config.identities).map((cluster) => {
      const stack = new PodIdentityWorkloadStack(
        app,
        workloadStackName(config.environment, cluster.name),
        { config, cluster },
      );
      // Pods get credentials when they are admitted: associations must exist first.
      stack.addDependency(aws);
      return stack;
    });
    return { aws, workloads };
  });
}

/** Reads the configuration, builds the app and synthesizes it; exits 1 on a refused configuration. */
export function main(): void {
  const app = new App();
  let config: PodIdentityConfig;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    removeSynthesizedStacks(app.outdir);
    console.error(error.message);
    process.exit(1);
  }
  buildApp(app, config);
  app.synth();
}

if (require.main === module) main();
