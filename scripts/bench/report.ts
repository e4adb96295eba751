/** What a section of the bench found about one target of the issue. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  /** Ratios hold across machines; absolute numbers are this machine's. */
  readonly kind: 'ratio' | 'absolute' | 'count';
  readonly status: 'met' | 'missed' | 'not run';
  /** By how much and why, when missed or not run. */
  readonly note?: string;
}

/** A headline figure: this commit's and, with `--baseline <ref>`, that commit's. */
export interface Headline {
  readonly what: string;
  readonly current: string;
  /** Undefined without `--baseline`. */
  readonly baseline?: string;
}

export interface SectionResult {
  /** Printed as is: tables and notes. */
  readonly text: string;
  readonly targets: readonly TargetResult[];
  readonly headlines?: readonly Headline[];
  /** Commands that failed without stopping the rest of the section. */
  readonly failures?: readonly string[];
}

export function status(met: boolean): TargetResult['status'] {
  return met ? 'met' : 'missed';
}
