// The reports module's boundary: the shift and daily production reports, the
// certificate of conformance and the recall report, printed (PDF) or as
// spreadsheets (XLSX), in the reader's language.
export { type DailyReport, dailyReport } from './daily-report.js';
export {
  DEFAULT_REPORT_LANGUAGE,
  DOCUMENTS_KEY,
  type ReportLanguage,
  type ReportText,
  reportLanguage,
  reportText,
} from './i18n.js';
export { dailyReportPdf, shiftReportPdf } from './production-pdf.js';
export { dailyReportXlsx, shiftReportXlsx } from './production-xlsx.js';
export { recallXlsx } from './recall-xlsx.js';
export { REPORT_FORMATS, type ReportsContext, reportsRoutes } from './routes.js';
export { type ShiftReport, shiftReport } from './shift-report.js';
