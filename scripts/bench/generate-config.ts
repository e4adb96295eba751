/**
 * Configuration files of a given number of associations, in the format of
 * `POD_IDENTITY_CONFIG` (see the README and `examples/`), for the scaling
 * rows of `npm run bench`.
 */

/** Identities the associations are spread over (fewer when there are fewer associations). */
export const IDENTITIES = 10;
/** Namespaces the associations are spread over (fewer when there are fewer associations). */
export const NAMESPACES = 20;
/** One association in this many also creates a Deployment. */
export const DEPLOYMENT_EVERY = 5;
/** One association in this many also creates a verification Job. */
export const JOB_EVERY = 25;

/** How the generated associations look, for the bench's output. */
export const SHAPE = [
  `one cluster (with the agent add-on); associations spread round-robin over ${IDENTITIES} identities`,
  `(half AmazonS3ReadOnlyAccess, half bucket-scoped with namespace prefixes) and ${NAMESPACES} namespaces;`,
  `each association has a tag and creates its service account (namespaces created too),`,
  `one in ${DEPLOYMENT_EVERY} also a hardened Deployment, one in ${JOB_EVERY} also a verification Job`,
].join(' ');

export interface GeneratedCounts {
  readonly identities: number;
  readonly namespaces: number;
  readonly deployments: number;
  readonly jobs: number;
}

export function countsFor(associations: number): GeneratedCounts {
  return {
    identities: Math.min(associations, IDENTITIES),
    namespaces: Math.min(associations, NAMESPACES),
    deployments: Math.ceil(associations / DEPLOYMENT_EVERY),
    jobs: Math.ceil(associations / JOB_EVERY),
  };
}

/** A configuration file's content with `associations` associations on one cluster. */
export function generateConfig(associations: number): object {
  const { identities: identityCount, namespaces } = countsFor(associations);
  const identities = Array.from({ length: identityCount }, (_, index) => ({
    name: `team-${index}`,
    role: { name: `bench-team-${index}`, tags: { team: `team-${index}` } },
    s3:
      index % 2 === 0
        ? { access: 'managed-read-only', buckets: ['bench-shared-data'] }
        : {
            access: 'bucket-scoped',
            buckets: ['bench-shared-data'],
            prefix: 'teams/',
            namespacePrefixes: true,
          },
    associations: [] as object[],
  }));
  for (let index = 0; index < associations; index += 1) {
    identities[index % identityCount].associations.push({
      namespace: `ns-${index % namespaces}`,
      serviceAccount: `app-${index}`,
      tags: { app: `app-${index}` },
      kubernetes: {
        deployment: index % DEPLOYMENT_EVERY === 0 ? { name: `app-${index}` } : false,
        ...(index % JOB_EVERY === 0 && { verificationJob: { name: `check-${index}` } }),
      },
    });
  }
  return {
    environment: 'bench',
    region: 'eu-west-1',
    defaultTags: { 'managed-by': 'cdktf' },
    clusters: [{ name: 'bench', podIdentityAgent: true }],
    identities,
  };
}
