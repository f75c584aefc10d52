// The metric contract between the machines of a line (or the simulator) and
// Lotline. Machines publish Sparkplug B; this is what the messages mean.
//
//   Sparkplug              Lotline
//   group id               the site (any id the installation chooses)
//   edge node id           a line code from the plant file         (L1)
//   device id              a station code of that line             (CF, PR, … PK)
//
// Node metrics (NBIRTH / NDATA of the line):
//   Line/WorkOrder        String   the work order the line is running ('' when none)
//   Line/Product          String   the material code of the product it is set up for
//   bdSeq                 Int64    birth/death session number (Sparkplug 3.0)
//   Node Control/Rebirth  Boolean  false in births; a host writes true in an NCMD
//
// Device metrics (DBIRTH / DDATA of each station):
//   Counts/Good     UInt64   cumulative count of units the station passed on
//   Counts/Reject   UInt64   cumulative count of units it scrapped
//   State           String   running | idle | starved | blocked | down | setup
//                            | planned_stop (a break or other stop planned ahead)
//   State/Reason    String   a leaf of the plant's downtime reason tree while
//                            down, in setup or in a planned stop; '' otherwise
//   Cycle/Time      Float    mean cycle time of the units finished since the
//                            last report, in milliseconds
// and, from a gauging station only, one value per cartridge measured:
//   Gauge/OAL       Double   overall length, mm
//   Gauge/Mass      Double   cartridge mass, g
//
// Counters are cumulative and never reset within a birth, so a lost or
// repeated message cannot change a total: Lotline takes differences.
// Metric timestamps are the time of the event at the machine (ms, UTC).
import { BD_SEQ_METRIC, REBIRTH_METRIC, type ScalarDataType } from './sparkplug.js';

// The production module's line states less off_shift, which is the calendar's
// to say, not the machine's.
export const STATION_STATES = [
  'running',
  'idle',
  'starved',
  'blocked',
  'down',
  'setup',
  'planned_stop',
] as const;
export type StationState = (typeof STATION_STATES)[number];

/** The states in which State/Reason carries a downtime reason code. */
export const STATES_WITH_REASON: ReadonlySet<StationState> = new Set([
  'down',
  'setup',
  'planned_stop',
]);

export const METRICS = {
  workOrder: 'Line/WorkOrder',
  product: 'Line/Product',
  bdSeq: BD_SEQ_METRIC,
  rebirth: REBIRTH_METRIC,
  good: 'Counts/Good',
  reject: 'Counts/Reject',
  state: 'State',
  stateReason: 'State/Reason',
  cycleTime: 'Cycle/Time',
  gaugeOal: 'Gauge/OAL',
  gaugeMass: 'Gauge/Mass',
} as const;
export type MetricName = (typeof METRICS)[keyof typeof METRICS];

export interface MetricDefinition {
  name: MetricName;
  datatype: ScalarDataType;
  unit?: string;
}

/** Node metrics that carry line data (bdSeq and Node Control/* belong to the edge node itself). */
export const LINE_METRICS: readonly MetricDefinition[] = [
  { name: METRICS.workOrder, datatype: 'String' },
  { name: METRICS.product, datatype: 'String' },
];

export const SESSION_METRICS: readonly MetricDefinition[] = [
  { name: METRICS.bdSeq, datatype: 'Int64' },
  { name: METRICS.rebirth, datatype: 'Boolean' },
];

export const STATION_METRICS: readonly MetricDefinition[] = [
  { name: METRICS.good, datatype: 'UInt64', unit: 'units' },
  { name: METRICS.reject, datatype: 'UInt64', unit: 'units' },
  { name: METRICS.state, datatype: 'String' },
  { name: METRICS.stateReason, datatype: 'String' },
  { name: METRICS.cycleTime, datatype: 'Float', unit: 'ms' },
];

export const GAUGE_METRICS: readonly MetricDefinition[] = [
  { name: METRICS.gaugeOal, datatype: 'Double', unit: 'mm' },
  { name: METRICS.gaugeMass, datatype: 'Double', unit: 'g' },
];

/** The station kind (plant file) whose devices also publish the gauge metrics. */
export const GAUGING_STATION_KIND = 'gauging';

/** The metrics a station of the kind publishes, in birth order. */
export function stationMetrics(kind: string): readonly MetricDefinition[] {
  return kind === GAUGING_STATION_KIND ? [...STATION_METRICS, ...GAUGE_METRICS] : STATION_METRICS;
}

const DATATYPE_OF = new Map<string, ScalarDataType>(
  [...LINE_METRICS, ...SESSION_METRICS, ...STATION_METRICS, ...GAUGE_METRICS].map((m) => [
    m.name,
    m.datatype,
  ]),
);

/** The contract's datatype of a metric name, or undefined for a name outside it. */
export function contractDatatype(name: string): ScalarDataType | undefined {
  return DATATYPE_OF.get(name);
}
