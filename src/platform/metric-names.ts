/** Metric names in PromQL queries and in Prometheus's text format: the metric-name test compares the two. */

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);
/** Clauses followed by a list of label names, not metrics: `by (step, district)`. */
const LABEL_LISTS = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;

/**
 * The metric names a PromQL expression selects: identifiers that are neither functions (followed by
 * `(`), aggregation clauses and their label lists, keywords, label matchers (`{…}`), strings, ranges
 * (`[5m]`) nor numbers. Grafana's variables ($district) live in strings and ranges and go with them.
 */
export function promqlMetricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(LABEL_LISTS, ' ')
    .replace(/#.*$/gm, ' ');
  const names = new Set<string>();
  for (const m of bare.matchAll(/(?<![\w:.$])([a-zA-Z_:][\w:]*)(?![\w:])(\s*\()?/g)) {
    const [, name, call] = m;
    if (call || KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names].sort();
}

/**
 * Every series name a scrape can show: each sample's name, and for each `# TYPE` the names of its
 * samples (a histogram's _bucket, _sum and _count), so a labelled counter not yet incremented counts too.
 */
export function exportedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\w+)/.exec(line);
    if (type) {
      const [, name, kind] = type;
      names.add(name);
      if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
      if (kind === 'summary') for (const s of ['_sum', '_count']) names.add(name + s);
      // OpenMetrics names a counter without its _total.
      if (kind === 'counter' && !name.endsWith('_total')) names.add(`${name}_total`);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)[{\s]/.exec(line);
    if (sample) names.add(sample[1]);
  }
  return names;
}
