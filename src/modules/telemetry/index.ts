// The telemetry module's boundary: machine data over MQTT / Sparkplug B, and
// the line simulator that stands in for the machines of a demo plant.
export { connectMqtt, type EmbeddedBroker, startEmbeddedBroker } from './broker.js';
export {
  contractDatatype,
  METRICS,
  type MetricName,
  STATION_STATES,
  type StationState,
  stationMetrics,
} from './contract.js';
export {
  type HostAction,
  HostSession,
  type HostStep,
  type MetricUpdate,
  type NodeStatus,
  type RebirthRequest,
  type StatusChange,
} from './host-session.js';
export {
  type Ingest,
  type IngestHealth,
  type IngestLogger,
  type IngestOptions,
  type IngestStats,
  messageKey,
  startIngest,
} from './ingest.js';
export { connectEdgeNode, type EdgeNode, type EdgeNodeOptions } from './publisher.js';
export { telemetryRoutes } from './routes.js';
export { deadLetters, lineState, machineEvents, stationState } from './schema.js';
export {
  LineSimulator,
  type LineSnapshot,
  type LineTally,
  type MetricChange,
  type PlannedRun,
  type SimulatorOptions,
} from './simulator/line-model.js';
export {
  type RunSimulatorOptions,
  runSimulatedPlant,
  type SimulatedPlant,
} from './simulator/runner.js';
export {
  type Decoded,
  decodePayload,
  encodePayload,
  formatTopic,
  groupSubscription,
  parseTopic,
  readMessage,
  type SparkplugMessage,
  type SparkplugPayload,
} from './sparkplug.js';
