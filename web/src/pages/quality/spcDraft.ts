// A nonconformance drafted from an SPC alarm: what the alarm says, carried in
// the address of the nonconformances page (so the draft survives a reload),
// the title and description it prefills, and the lots made on the line when
// it fired. Pure but for the language in use, read when called: the draft
// is written in the words of whoever opens it.
import type { Lot } from '../../api/genealogy';
import type { NelsonRule } from '../../api/quality';
import { formatTimestamp } from '../../format';
import { i18n } from '../../i18n';
import { NELSON_RULES, ruleWords } from './spc';

interface AlarmFacts {
  rule: NelsonRule;
  /** The rule's message, as the page showed it. */
  message: string;
  at: string;
  /** The chart it fired on, as the SPC page names it: "X̄ — subgroup means (mm)". */
  chart: string;
}

/** An alarm on a line's inline gauge: the lots are the ones made on the line at the time. */
export interface GaugeAlarmDraft extends AlarmFacts {
  kind: 'gauge';
  line: string;
  metric: string;
  product: string | null;
}

/** An alarm on a specification's inspection results: the point is a lot. */
export interface ResultsAlarmDraft extends AlarmFacts {
  kind: 'results';
  specification: string;
  characteristic: string;
  lot: string | null;
}

export type SpcAlarmDraft = GaugeAlarmDraft | ResultsAlarmDraft;

const RULES = new Set<string>(NELSON_RULES);
const TITLE_MAX = 200;

/** The address of the nonconformances page with the new-nonconformance form filled from the alarm. */
export function nonconformanceFromAlarmPath(draft: SpcAlarmDraft): string {
  const params = new URLSearchParams({
    from: `spc-${draft.kind}`,
    rule: draft.rule,
    message: draft.message,
    at: draft.at,
    chart: draft.chart,
  });
  if (draft.kind === 'gauge') {
    params.set('line', draft.line);
    params.set('metric', draft.metric);
    if (draft.product) params.set('product', draft.product);
  } else {
    params.set('spec', draft.specification);
    params.set('ch', draft.characteristic);
    if (draft.lot) params.set('lot', draft.lot);
  }
  return `/quality/nonconformances?${params}`;
}

/** The parameters that carry a draft, taken off when it is saved or dropped. */
export const DRAFT_PARAMS = [
  'from',
  'rule',
  'message',
  'at',
  'chart',
  'line',
  'metric',
  'product',
  'spec',
  'ch',
  'lot',
] as const;

/** The draft in the page's address, if there is a whole one. */
export function readDraft(params: URLSearchParams): SpcAlarmDraft | undefined {
  const from = params.get('from');
  const rule = params.get('rule') ?? '';
  const message = params.get('message') ?? '';
  const at = params.get('at') ?? '';
  const chart = params.get('chart') ?? '';
  if (!RULES.has(rule) || !message || Number.isNaN(Date.parse(at))) return undefined;
  const facts = { rule: rule as NelsonRule, message, at, chart };
  if (from === 'spc-gauge') {
    const line = params.get('line');
    const metric = params.get('metric');
    if (!line || !metric) return undefined;
    return { kind: 'gauge', ...facts, line, metric, product: params.get('product') || null };
  }
  if (from === 'spc-results') {
    const specification = params.get('spec');
    const characteristic = params.get('ch');
    if (!specification || !characteristic) return undefined;
    return {
      kind: 'results',
      ...facts,
      specification,
      characteristic,
      lot: params.get('lot') || null,
    };
  }
  return undefined;
}

/** What was charted: "L1 Gauge/OAL", "SPEC-BALL-EJ VEL". */
const charted = (draft: SpcAlarmDraft) =>
  draft.kind === 'gauge'
    ? `${draft.line} ${draft.metric}`
    : `${draft.specification} ${draft.characteristic}`;

/** "SPC alarm on L1 Gauge/OAL: Point above the upper control limit (Nelson rule 1)". */
export function draftTitle(draft: SpcAlarmDraft): string {
  const title = i18n.t('quality:spcDraft.title', {
    charted: charted(draft),
    message: draft.message,
  });
  return title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1)}…`;
}

/** When and where the alarm fired, to the second, with the UTC time for the record. */
export function draftDescription(draft: SpcAlarmDraft): string {
  const when = `${formatTimestamp(draft.at)} (${draft.at})`;
  const chart = draft.chart
    ? i18n.t('quality:spcDraft.namedChart', { chart: draft.chart })
    : i18n.t('quality:spcDraft.controlChart');
  const where =
    draft.kind === 'gauge'
      ? draft.product
        ? i18n.t('quality:spcDraft.gaugeMaking', {
            chart,
            metric: draft.metric,
            line: draft.line,
            product: draft.product,
          })
        : i18n.t('quality:spcDraft.gauge', { chart, metric: draft.metric, line: draft.line })
      : draft.lot
        ? i18n.t('quality:spcDraft.resultsAtLot', {
            chart,
            characteristic: draft.characteristic,
            specification: draft.specification,
            lot: draft.lot,
          })
        : i18n.t('quality:spcDraft.results', {
            chart,
            characteristic: draft.characteristic,
            specification: draft.specification,
          });
  return [
    i18n.t('quality:spcDraft.fired', {
      rule: draft.rule,
      words: ruleWords(draft.rule),
      when,
      where,
    }),
    `${draft.message}.`,
  ].join('\n');
}

const time = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));

export interface LotsAtAlarm {
  /** Made on the line while the alarm fired: madeFrom ≤ at ≤ madeTo (or still being made). */
  during: Lot[];
  /** The line's lot made just before and just after, for an alarm near a lot's boundary. */
  around: { lot: Lot; when: 'before' | 'after' }[];
}

/** The lots a gauge alarm concerns, out of `lots` (any lots: those of other lines are left out). */
export function lotsAtAlarm(lots: readonly Lot[], line: string, at: string): LotsAtAlarm {
  const moment = Date.parse(at);
  const made = lots.filter((l) => l.line === line && l.madeFrom !== null);
  const during = made.filter(
    (l) => time(l.madeFrom) <= moment && (l.madeTo === null || moment <= time(l.madeTo)),
  );
  const rest = made.filter((l) => !during.includes(l));
  const before = rest
    .filter((l) => l.madeTo !== null && time(l.madeTo) < moment)
    .sort((a, b) => time(b.madeTo) - time(a.madeTo))[0];
  const after = rest
    .filter((l) => time(l.madeFrom) > moment)
    .sort((a, b) => time(a.madeFrom) - time(b.madeFrom))[0];
  return {
    during: during.sort((a, b) => time(a.madeFrom) - time(b.madeFrom)),
    around: [
      ...(before ? [{ lot: before, when: 'before' as const }] : []),
      ...(after ? [{ lot: after, when: 'after' as const }] : []),
    ],
  };
}
