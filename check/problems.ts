import { show } from '../core/json-value';
import { describe, Origin } from '../core/origin';

/**
 * Collects problems as `<field>: <value> <rule>` lines, the field named by
 * the origin of what is wrong (`identities[0].role.name`,
 * `AWS_REGION (environment)`), so one run reports every problem.
 */
export class Problems {
  private readonly lines: string[] = [];

  /** `rule` follows the shown value, e.g. `is not a string`. */
  add(where: Origin, value: unknown, rule: string): void {
    this.lines.push(`${describe(where)}: ${show(value)} ${rule}`);
  }

  /** For problems about a field rather than one value, e.g. an unknown key. */
  addField(where: Origin, message: string): void {
    this.lines.push(`${describe(where)}: ${message}`);
  }

  get list(): readonly string[] {
    return this.lines;
  }
}
