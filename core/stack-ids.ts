/**
 * The construct IDs the AWS stack gives its own constructs, beside the roles,
 * whose IDs are their identities' names. cdktf names a stack's backend
 * `backend`. An identity may not take one of these names: two constructs of
 * one scope cannot share an ID, and `cdktf synth` would stop with "There is
 * already a Construct with name ...".
 */
export const AWS_STACK_IDS = {
  /** The hashicorp/aws provider. */
  provider: 'aws',
  /** cdktf's own name for the stack's backend. */
  backend: 'backend',
  /** `data.aws_caller_identity.current`: the account, where a policy names it. */
  callerIdentity: 'current',
  /** The output of every role. */
  rolesOutput: 'roles',
  /** The output of every add-on. */
  addonsOutput: 'addons',
} as const;

/** The names an identity cannot take, sorted. */
export const RESERVED_IDENTITY_NAMES: readonly string[] = Object.values(AWS_STACK_IDS).sort();
