import { App } from 'cdktf';
import { Model } from './model/model';
import { awsStackName, clustersWithWorkloads, workloadStackName } from './model/stack-names';
import { withoutCreationStacks } from './modules/creation-stacks';
import { removeSynthesizedStacks, writeHelmValues } from './modules/synthesized-output';
import { PodIdentityAwsStack } from './stacks/pod-identity-aws-stack';
import { ConfigError } from './read/config-error';
import { loadConfig } from './read/load-config';
import { PodIdentityWorkloadStack } from './stacks/pod-identity-workload-stack';

/** Adds the AWS stack and one workload stack per cluster that runs workloads. */
export function buildApp(app: App, model: Model) {
  // Creation stacks would take most of the time and memory of a large config.
  return withoutCreationStacks(() => {
    const aws = new PodIdentityAwsStack(app, awsStackName(model.environment), { model });
    const workloads = clustersWithWorkloads(model.clusters, model.identities).map((cluster) => {
      const stack = new PodIdentityWorkloadStack(
        app,
        workloadStackName(model.environment, cluster.name),
        { model, cluster },
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
  let model: Model;
  try {
    model = loadConfig(process.env, process.cwd());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    removeSynthesizedStacks(app.outdir);
    console.error(error.message);
    process.exit(1);
  }
  const { aws } = buildApp(app, model);
  app.synth();
  writeHelmValues(
    app.outdir,
    aws.helmValues.map((file) => ({ path: file.path, text: file.yaml })),
  );
}

if (require.main === module) main();
