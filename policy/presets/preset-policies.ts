import { PresetName } from '../../config/schema/presets';
import { adot } from './adot';
import { amazonManagedPrometheus } from './amazon-managed-prometheus';
import { awsLoadBalancerController } from './aws-load-balancer-controller';
import { awsNodeTerminationHandler } from './aws-node-termination-handler';
import { certManager } from './cert-manager';
import { cloudwatchObservability } from './cloudwatch-observability';
import { clusterAutoscaler } from './cluster-autoscaler';
import { ebsCsi } from './ebs-csi';
import { efsCsi } from './efs-csi';
import { externalDns } from './external-dns';
import { externalSecrets } from './external-secrets';
import { fsxLustreCsi } from './fsx-lustre-csi';
import { karpenter } from './karpenter';
import { mountpointS3Csi } from './mountpoint-s3-csi';
import { PresetPolicy } from './preset-policy';
import { privatecaIssuer } from './privateca-issuer';
import { velero } from './velero';
import { vpcCni } from './vpc-cni';

/** Every preset's policy, by name: a preset without one does not compile. */
const POLICIES: { readonly [N in PresetName]: PresetPolicy<N> } = {
  'aws-load-balancer-controller': awsLoadBalancerController,
  'external-dns': externalDns,
  'cert-manager': certManager,
  'cluster-autoscaler': clusterAutoscaler,
  karpenter,
  'external-secrets': externalSecrets,
  velero,
  'aws-node-termination-handler': awsNodeTerminationHandler,
  'amazon-managed-prometheus': amazonManagedPrometheus,
  'ebs-csi': ebsCsi,
  'efs-csi': efsCsi,
  'vpc-cni': vpcCni,
  'mountpoint-s3-csi': mountpointS3Csi,
  'fsx-lustre-csi': fsxLustreCsi,
  'cloudwatch-observability': cloudwatchObservability,
  adot,
  'privateca-issuer': privatecaIssuer,
};

/** The policy of preset `name`. */
export function presetPolicy<N extends PresetName>(name: N): PresetPolicy<N> {
  return POLICIES[name];
}
