// The quality module's boundary: ISO 2859-1 sampling and switching, firing-
// range tests, inspections, signed dispositions, nonconformances and
// certificates of conformance.
export { certificateData, certificatePdf } from './certificate.js';
export { type Disposition, disposeLot, evidenceFor } from './disposition.js';
export {
  completeInspection,
  getInspection,
  type Inspection,
  openInspection,
  type QualityContext,
  recordResult,
} from './inspections.js';
export { qualityRoutes } from './routes.js';
export { gaugeChart, resultsChart, spcAlarmsDuring } from './spc-data.js';
export { spcRoutes } from './spc-routes.js';
