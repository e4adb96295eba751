import { Finding, ServiceAccountReview, StackReview } from './workload-changes';

/**
 * The review as text: plain for a terminal, or Markdown for a pull request
 * comment. Both say the same, line for line.
 */

/** Opens the Markdown comment, so that a pipeline can find its own comment and edit it. */
export const MARKDOWN_MARKER = '<!-- pod-identity-review -->';

const NOTHING = 'no change to what any service account can do, and no add-on change';

export function renderText(reviews: readonly StackReview[]): string {
  const lines: string[] = [];
  for (const stack of reviews) {
    lines.push(`stack ${stack.stack}`);
    if (stack.clusters.length === 0) lines.push(`  ${NOTHING}`);
    for (const cluster of stack.clusters) {
      lines.push(`  cluster ${cluster.cluster}`);
      for (const addon of cluster.addons) {
        lines.push(`    add-on ${addon.name}`);
        for (const change of addon.changes) lines.push(`      ${change}`);
      }
      for (const account of cluster.serviceAccounts) {
        lines.push(`    service account ${account.title}: ${account.role}`);
        for (const line of accountLines(account)) lines.push(`      ${line}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderMarkdown(reviews: readonly StackReview[]): string {
  const gaps = reviews.flatMap((s) =>
    s.clusters.flatMap((c) =>
      c.serviceAccounts.filter((a) => a.credentials.some((f) => f.gap !== 'no')),
    ),
  ).length;
  const lines: string[] = [
    MARKDOWN_MARKER,
    '## Pod Identity review',
    '',
    gaps === 0
      ? 'No service account goes without credentials.'
      : `**${gaps} service account${gaps === 1 ? '' : 's'} may go without credentials** during the apply or after it.`,
  ];
  for (const stack of reviews) {
    lines.push('', `### Stack \`${stack.stack}\``);
    if (stack.clusters.length === 0) lines.push('', capitalize(NOTHING) + '.');
    for (const cluster of stack.clusters) {
      lines.push('', `#### Cluster \`${cluster.cluster}\``, '');
      for (const addon of cluster.addons) {
        lines.push(`- Add-on \`${addon.name}\``);
        for (const change of addon.changes) lines.push(`  - ${escape(change)}`);
      }
      for (const account of cluster.serviceAccounts) {
        lines.push(`- Service account \`${account.title}\`: ${escape(account.role)}`);
        for (const line of accountLines(account)) {
          const strong = /^(possible )?credential gap|^loses its credentials|^no credentials/.test(
            line,
          );
          lines.push(`  - ${strong ? `**${escape(line)}**` : escape(line)}`);
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function accountLines(account: ServiceAccountReview): string[] {
  return [
    ...account.credentials.map((f: Finding) => f.text),
    ...account.gains.map((g) => `gains ${g}`),
    ...account.losses.map((l) => `loses ${l}`),
    ...account.attachments,
    ...account.unknown.map((u) => `not compared: ${u}`),
  ];
}

/** Text as Markdown shows it as written: ARNs' `*`, names' `_`, an HTML-like `<`. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<]/g, (c) => `\\${c}`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
