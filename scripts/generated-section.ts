import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A part of a hand-written document that a program writes: what lies between
 * its two markers (each once, in order) is replaced, the rest kept.
 */
export interface GeneratedSection {
  /** The document, relative to the project folder (for example `docs/performance.md`). */
  readonly document: string;
  /** The comment that opens the section, naming what writes it. */
  readonly start: string;
  /** The comment that closes it. */
  readonly end: string;
}

const PROJECT_DIR = join(__dirname, '..');

/**
 * `text` with what lies between the section's markers replaced by `body`
 * (kept from Prettier, which would re-pad its tables). Throws when the
 * markers are not there exactly once each, in order: nothing is appended or
 * guessed.
 */
export function withSection(text: string, section: GeneratedSection, body: string): string {
  const start = text.indexOf(section.start);
  const end = text.indexOf(section.end);
  const once = (marker: string, at: number) => at !== -1 && text.indexOf(marker, at + 1) === -1;
  if (!once(section.start, start) || !once(section.end, end) || end < start) {
    throw new Error(
      `${section.document} must hold "${section.start}" and then "${section.end}", once each`,
    );
  }
  return [
    text.slice(0, start + section.start.length),
    '<!-- prettier-ignore-start -->',
    '',
    body.trim(),
    '',
    '<!-- prettier-ignore-end -->',
    text.slice(end),
  ].join('\n');
}

/** Writes `body` into the section of its document; returns the document's path. */
export function writeSection(section: GeneratedSection, body: string): string {
  const path = join(PROJECT_DIR, section.document);
  writeFileSync(path, withSection(readFileSync(path, 'utf8'), section, body));
  return path;
}
