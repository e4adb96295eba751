import { PRESETS } from '../../presets/catalogue';
import { ChartNaming, PresetChart } from '../../presets/preset';

/**
 * Each preset's placement against its chart: the service account the chart
 * names with its default values for the stated release name (its naming
 * rule, recorded with a URL pinned to the chart version and its lines), or
 * one the preset names itself and tells the chart in its values.
 */

/** The service account a chart names with its default values for `release`. */
function defaultName(naming: ChartNaming, chart: string, release: string): string {
  switch (naming.kind) {
    case 'fixed':
      return naming.name;
    case 'template':
      return naming.template.replace('{release}', release);
    case 'fullname': {
      // Helm's convention: the release when it contains the chart's name, else <release>-<chart>.
      const fullname = (release.includes(chart) ? release : `${release}-${chart}`)
        .slice(0, 63)
        .replace(/-+$/, '');
      return `${fullname}${naming.suffix ?? ''}`;
    }
  }
}

const PINNED = /^https:\/\/github\.com\/[^/]+\/[^/]+\/(?:blob|tree)\/[^/]+\/.+#L\d+(?:-L\d+)?$/;

const charted = PRESETS.flatMap((preset): [string, PresetChart, readonly string[]][] =>
  'none' in preset.chart ? [] : [[preset.name, preset.chart, preset.placement.serviceAccounts]],
);

describe.each(charted)('the %s chart', (_name, chart, serviceAccounts) => {
  test("names the placement's service account for its release, or is told it", () => {
    const byDefault = defaultName(chart.naming, chart.name, chart.releaseName);
    if (chart.namesItsOwn === undefined) {
      expect(serviceAccounts[0]).toBe(byDefault);
    } else {
      expect(serviceAccounts[0]).not.toBe(byDefault);
    }
  });

  test('records where its naming and its namespace are written, pinned with lines', () => {
    expect(chart.naming.url).toMatch(PINNED);
    expect(chart.namespaceSource).toMatch(PINNED);
  });

  test('has a version, and values keys for the service account', () => {
    expect(chart.version).toMatch(/^v?\d+\.\d+\.\d+/);
    expect(chart.serviceAccount.name).toMatch(/(^|\.)name$/);
  });
});

describe('presets without a chart', () => {
  test('say what installs the controller instead', () => {
    const none = PRESETS.flatMap((preset) => ('none' in preset.chart ? [preset.chart.none] : []));
    for (const why of none) expect(why).toMatch(/\S{10,}/);
  });
});
