import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import type { DataSource } from 'typeorm';
import type { MessagingObserver } from '@streetteam/messaging';
import { graphqlMetricsPlugin, Metrics } from '@streetteam/platform';
import type { ClickWaitStore } from './attribution/click-wait-store';
import { ClickWaitMetrics } from './attribution/click-wait.metrics';

/*
 * infra/prometheus/alerts.yml may name only what the code registers. This spec lives in
 * campaigns because campaigns' /metrics is the one registry holding every streetteam_
 * instrument (the shared ones of libs/platform and its own streetteam_click_waits), and a
 * lib may not import an app. A service that registers an instrument of its own adds it to
 * registeredInstruments() below.
 */

const ROOT = path.resolve(__dirname, '../../..');
const RULES_FILE = 'infra/prometheus/alerts.yml';

/** Labels Prometheus adds to every scraped series (the scrape job and target). */
const TARGET_LABELS = ['job', 'instance'];
const SEVERITIES = ['critical', 'warning'];
const HISTOGRAM_SERIES = ['_bucket', '_sum', '_count'];

type EventOutcome = Parameters<MessagingObserver['eventHandled']>[2];
/** Every outcome libs/messaging reports; typecheck fails when its union gains or loses one. */
const EVENT_OUTCOMES = ['handled', 'duplicate', 'dead-lettered', 'retried'] as const satisfies readonly EventOutcome[];
type UnlistedOutcome = Exclude<EventOutcome, (typeof EVENT_OUTCOMES)[number]>;
const _everyOutcomeListed: [UnlistedOutcome] extends [never] ? true : UnlistedOutcome = true;

interface Instrument {
  type: string;
  labelNames: string[];
  /** Labels whose values are a closed set, with every value the code emits. */
  closedValues: Map<string, Set<string>>;
}

type Instruments = Map<string, Instrument>;

/** Labels whose every value registeredInstruments() makes the code emit. */
const CLOSED_LABELS: Record<string, string[]> = {
  streetteam_events_handled_total: ['outcome'],
  streetteam_graphql_operations_total: ['outcome'],
  streetteam_click_waits: ['state'],
};

/** The services' streetteam_ instruments, read from the real classes' registry. */
async function registeredInstruments(): Promise<Instruments> {
  const metrics = new Metrics({ service: 'test' });
  const waits = { counts: async () => ({ waiting: 3, failing: 1 }) } as unknown as ClickWaitStore;
  new ClickWaitMetrics(metrics, waits, { manager: {} } as unknown as DataSource).onModuleInit();

  // Closed sets: make the code emit each of its values once.
  const observer: MessagingObserver = metrics.messagingObserver();
  for (const outcome of EVENT_OUTCOMES) observer.eventHandled('test.group', 'TestEvent', outcome);
  await emitEveryGraphqlOutcome(metrics);

  const instruments: Instruments = new Map();
  for (const json of await metrics.registry.getMetricsAsJSON()) {
    if (!json.name.startsWith('streetteam_')) continue;
    const labelNames = (metrics.registry.getSingleMetric(json.name) as unknown as { labelNames?: unknown }).labelNames;
    if (!Array.isArray(labelNames)) throw new Error(`prom-client no longer exposes labelNames on ${json.name}: read the label names another way`);
    const closedValues = new Map<string, Set<string>>();
    for (const label of CLOSED_LABELS[json.name] ?? []) {
      closedValues.set(label, new Set(json.values.map((v) => v.labels[label]).filter((v) => v !== undefined).map(String)));
    }
    instruments.set(json.name, { type: String(json.type), labelNames: labelNames.map(String), closedValues });
  }
  return instruments;
}

/** Runs the real Apollo plugin through an ok, an error and a rejected operation. */
async function emitEveryGraphqlOutcome(metrics: Metrics): Promise<void> {
  const plugin = graphqlMetricsPlugin(metrics);
  const run = async (resolved: boolean, errors: unknown[] | undefined) => {
    const context = { operationName: 'TestOperation', errors, response: { body: { kind: 'single', singleResult: {} } } };
    const listener = await plugin.requestDidStart?.(context as never);
    if (!listener) throw new Error('graphqlMetricsPlugin no longer listens to requests');
    if (resolved) await listener.didResolveOperation?.(context as never);
    await listener.willSendResponse?.(context as never);
  };
  await run(true, undefined);
  await run(true, [new Error('failed')]);
  await run(false, [new Error('invalid')]);
}

interface Matcher {
  label: string;
  op: string;
  value: string;
}

interface Selector {
  /** The series name as written (e.g. a histogram's _bucket). */
  series: string;
  matchers: Matcher[];
}

const SELECTOR = /\b(streetteam_\w+)\s*(?:\{([^}]*)\})?/g;
const MATCHER = /(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;

function selectorsOf(expr: string): Selector[] {
  return [...expr.matchAll(SELECTOR)].map(([, series, body]) => ({
    series,
    matchers: [...(body ?? '').matchAll(MATCHER)].map(([, label, op, value]) => ({ label, op, value })),
  }));
}

function groupingLabelsOf(expr: string): string[] {
  return [...expr.matchAll(GROUPING)].flatMap(([, list]) =>
    list
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean),
  );
}

/** The instrument a series belongs to, and the labels it carries. */
function resolve(series: string, instruments: Instruments): { name: string; labels: string[] } | undefined {
  const direct = instruments.get(series);
  if (direct) return { name: series, labels: direct.labelNames };
  for (const suffix of HISTOGRAM_SERIES) {
    if (!series.endsWith(suffix)) continue;
    const name = series.slice(0, -suffix.length);
    const histogram = instruments.get(name);
    if (histogram?.type === 'histogram') return { name, labels: suffix === '_bucket' ? [...histogram.labelNames, 'le'] : histogram.labelNames };
  }
  return undefined;
}

/** The literal values a matcher allows, or undefined for a real regular expression. */
function literalValues({ op, value }: Matcher): string[] | undefined {
  if (op === '=' || op === '!=') return [value];
  return /^[\w-]+(\|[\w-]+)*$/.test(value) ? value.split('|') : undefined;
}

/** What is wrong with one expression: unknown metrics, labels or label values. */
function exprProblems(expr: string, instruments: Instruments): string[] {
  const problems: string[] = [];
  const resolved: Array<{ name: string; labels: string[] }> = [];
  for (const { series, matchers } of selectorsOf(expr)) {
    const metric = resolve(series, instruments);
    if (!metric) {
      problems.push(`${series} is not registered (registered: ${[...instruments.keys()].join(', ')})`);
      continue;
    }
    resolved.push(metric);
    for (const matcher of matchers) {
      if (!metric.labels.includes(matcher.label) && !TARGET_LABELS.includes(matcher.label)) {
        problems.push(`${series}{${matcher.label}}: ${metric.name} has no label ${matcher.label} (it has ${metric.labels.join(', ')})`);
        continue;
      }
      const known = instruments.get(metric.name)?.closedValues.get(matcher.label);
      for (const value of (known && literalValues(matcher)) ?? []) {
        if (!known?.has(value)) problems.push(`${series}{${matcher.label}="${value}"}: the code never emits it (it emits ${[...(known ?? [])].join(', ')})`);
      }
    }
  }
  for (const label of groupingLabelsOf(expr)) {
    if (TARGET_LABELS.includes(label)) continue;
    for (const metric of resolved) {
      if (!metric.labels.includes(label)) problems.push(`grouping by ${label}: ${metric.name} has no label ${label} (it has ${metric.labels.join(', ')})`);
    }
  }
  return [...new Set(problems)];
}

function balanced(expr: string): boolean {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const char of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('([{'.includes(char)) stack.push(char);
    else if (char in pairs && stack.pop() !== pairs[char]) return false;
  }
  return stack.length === 0;
}

/** GitHub's anchor for a Markdown heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

interface Rule {
  alert?: unknown;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

function loadRules(): Rule[] {
  const doc = load(readFileSync(path.join(ROOT, RULES_FILE), 'utf8')) as { groups?: Array<{ name?: unknown; rules?: Rule[] }> } | null;
  if (!doc || !Array.isArray(doc.groups) || doc.groups.length === 0) throw new Error(`${RULES_FILE} has no groups`);
  return doc.groups.flatMap((group) => {
    if (typeof group.name !== 'string' || !Array.isArray(group.rules) || group.rules.length === 0) throw new Error(`${RULES_FILE}: a group without a name or rules`);
    return group.rules;
  });
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

describe(`the alert rules (${RULES_FILE})`, () => {
  const rules = loadRules();
  let instruments: Instruments;

  beforeAll(async () => {
    instruments = await registeredInstruments();
  });

  it('gives every rule an alert name, expr, for, severity, summary, description and runbook', () => {
    const problems = rules.flatMap((rule, i) => {
      const name = text(rule.alert) ?? `rule #${i + 1}`;
      const missing: string[] = [];
      if (!text(rule.alert)) missing.push('alert');
      if (!text(rule.expr)) missing.push('expr');
      else if (!balanced(String(rule.expr))) missing.push('balanced brackets in expr');
      if (typeof rule.for !== 'string' || !/^(\d+(ms|s|m|h|d|w|y))+$/.test(rule.for)) missing.push('for (a duration)');
      if (!SEVERITIES.includes(String(rule.labels?.severity))) missing.push(`labels.severity (${SEVERITIES.join(' or ')})`);
      for (const key of ['summary', 'description', 'runbook']) if (!text(rule.annotations?.[key])) missing.push(`annotations.${key}`);
      return missing.map((what) => `${name}: no ${what}`);
    });
    expect(problems).toEqual([]);
  });

  it('names each alert once', () => {
    const names = rules.map((rule) => String(rule.alert));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('uses only streetteam_ metrics the services register, with their labels and label values', () => {
    const problems = rules.flatMap((rule) => exprProblems(String(rule.expr), instruments).map((problem) => `${String(rule.alert)}: ${problem}`));
    expect(problems).toEqual([]);
    // Every rule but the scrape check watches an instrument of the code.
    expect(rules.filter((rule) => selectorsOf(String(rule.expr)).length === 0).map((rule) => rule.alert)).toEqual(['ServiceDown']);
  });

  it('points each runbook annotation at a file and heading of this repository', () => {
    const problems = rules.flatMap((rule) => {
      const [file, anchor] = String(rule.annotations?.runbook).split('#');
      const where = path.join(ROOT, file);
      if (!existsSync(where)) return [`${String(rule.alert)}: ${file} does not exist`];
      if (anchor === undefined) return [];
      const anchors = [...readFileSync(where, 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading]) => anchorOf(heading));
      return anchors.includes(anchor) ? [] : [`${String(rule.alert)}: ${file} has no heading #${anchor}`];
    });
    expect(problems).toEqual([]);
  });
});

describe('the alert rules check itself', () => {
  let instruments: Instruments;

  beforeAll(async () => {
    instruments = await registeredInstruments();
  });

  it('reads every streetteam_ instrument of the code, with its label names', () => {
    const unfilled = Object.entries(CLOSED_LABELS).flatMap(([name, labels]) => labels.filter((label) => !instruments.get(name)?.closedValues.get(label)?.size).map((label) => `${name}{${label}}`));
    expect(unfilled).toEqual([]);
    expect(instruments.get('streetteam_outbox_lag_seconds')?.labelNames).toEqual(['service']);
    expect(instruments.get('streetteam_click_waits')?.closedValues.get('state')).toEqual(new Set(['waiting', 'failing']));
    expect(instruments.get('streetteam_graphql_operations_total')?.closedValues.get('outcome')).toEqual(new Set(['ok', 'error', 'rejected']));
  });

  it('catches a renamed metric', () => {
    expect(exprProblems('max by (service) (streetteam_outbox_age_seconds) > 300', instruments)).toEqual([
      expect.stringMatching(/^streetteam_outbox_age_seconds is not registered \(registered: .*streetteam_outbox_lag_seconds/),
    ]);
  });

  it('catches a label the metric does not have, in a selector or a grouping', () => {
    expect(exprProblems('sum by (job) (rate(streetteam_http_requests_total{code=~"5.."}[5m]))', instruments)).toEqual([
      expect.stringContaining('streetteam_http_requests_total has no label code'),
    ]);
    expect(exprProblems('sum by (consumer) (streetteam_consumer_lag)', instruments)).toEqual([expect.stringContaining('streetteam_consumer_lag has no label consumer')]);
  });

  it('catches a label value the code never emits', () => {
    expect(exprProblems('increase(streetteam_events_handled_total{outcome=~"dead-lettered|failed"}[5m])', instruments)).toEqual([
      expect.stringContaining('outcome="failed"}: the code never emits it'),
    ]);
    expect(exprProblems('streetteam_click_waits{state="stuck"}', instruments)).toEqual([expect.stringContaining('state="stuck"}: the code never emits it')]);
  });

  it("maps a histogram's series to the histogram, and le only to its buckets", () => {
    expect(exprProblems('histogram_quantile(0.99, sum by (le) (rate(streetteam_http_request_duration_seconds_bucket[5m])))', instruments)).toEqual([]);
    expect(exprProblems('rate(streetteam_http_request_duration_seconds_count{route="/graphql"}[5m])', instruments)).toEqual([]);
    expect(exprProblems('sum by (le) (streetteam_http_request_duration_seconds_sum)', instruments)).toEqual([expect.stringContaining('has no label le')]);
    expect(exprProblems('streetteam_outbox_pending_count', instruments)).toEqual([expect.stringContaining('is not registered')]);
  });

  it('finds the GitHub anchor of a heading', () => {
    expect(anchorOf('Orders that arrive before their click')).toBe('orders-that-arrive-before-their-click');
    expect(anchorOf('Programs and selection rules (`src/programs/`, `src/applications/`)')).toBe('programs-and-selection-rules-srcprograms-srcapplications');
  });
});
