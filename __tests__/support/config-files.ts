import { ConfigError } from '../../read/config-error';

/** Building blocks of config files, so each test states only what it is about. */

export type JsonMap = Record<string, unknown>;

/** An association; by default it creates the tutorial's namespace and deployment. */
export function association(
  namespace: string,
  serviceAccount: string,
  extra: JsonMap = {},
): JsonMap {
  return { namespace, serviceAccount, ...extra };
}

/** An identity whose one association uses namespace `name` and service account `<name>-sa`. */
export function identity(name: string, extra: JsonMap = {}): JsonMap {
  return { name, associations: [association(name, `${name}-sa`)], ...extra };
}

/** The ConfigError `load` is refused with; fails the test when it is accepted. */
export function refusalOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}
