/**
 * Runs `build` without the creation stack traces that cdktf and constructs
 * record for every token and metadata entry, and returns its result.
 *
 * cdktf captures a full stack trace (no depth limit) each time it makes a
 * token, only to quote it if that token later fails to resolve. A Kubernetes
 * Deployment makes 37 tokens, a service account 4: at EKS's 5,000
 * associations per cluster the traces took most of the construct time and
 * hundreds of MB that stay alive until synth (`npm run bench` shows both).
 * Both libraries capture into a plain object, never an Error, so for the
 * duration of `build` `Error.captureStackTrace` skips targets that are not
 * Errors: errors keep their stack traces, tokens record an empty creation
 * stack (cdktf then leaves the "Object creation stack" out of a resolution
 * error), and warnings carry no trace in the manifest.
 */
export function withoutCreationStacks<T>(build: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target, constructorOpt) => {
    if (target instanceof Error) capture(target, constructorOpt);
  };
  try {
    return build();
  } finally {
    Error.captureStackTrace = capture;
  }
}
