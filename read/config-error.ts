/**
 * A configuration that cannot be synthesized. `problems` lists every rule the
 * input breaks, each naming the field, the value and the rule, so one run shows
 * them all instead of one per attempt.
 */
export class ConfigError extends Error {
  public readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`Invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
