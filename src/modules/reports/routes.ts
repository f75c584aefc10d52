// HTTP routes of the printed reports: the shift report and the daily
// production report (PDF or XLSX), the certificate of conformance of a lot
// (PDF) and the recall report (PDF or XLSX), each in the language asked for
// (`language`) or else the signed-in user's own. Each route needs the
// permission that already reads what it prints: production.read for the
// production reports, quality.read for certificates, lots.read for recalls.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { appLanguages, type Languages } from '../../core/i18n/languages.js';
import { findRecall } from '../genealogy/index.js';
import { recallPdf } from '../genealogy/recall-pdf.js';
import { currentPlant, localDate } from '../plant/index.js';
import { certificateData, certificatePdf } from '../quality/index.js';
import { dailyReport } from './daily-report.js';
import { type ReportText, reportLanguage, reportText } from './i18n.js';
import { dailyReportPdf, shiftReportPdf } from './production-pdf.js';
import { dailyReportXlsx, shiftReportXlsx } from './production-xlsx.js';
import { recallXlsx } from './recall-xlsx.js';
import { shiftReport } from './shift-report.js';

export interface ReportsContext {
  db: Database;
  clock: () => Date;
  /** The Sparkplug group the plant's machines publish in; the site code when unset. */
  machineGroup?: string;
  /** The languages a report may be asked in; the app's own when unset. */
  languages?: Languages;
}

export const REPORT_FORMATS = ['pdf', 'xlsx'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const Code = z.string().min(1).max(40);
const Format = z.enum(REPORT_FORMATS).default('pdf').describe('pdf, or xlsx to compute with');
const ReportDate = z.iso
  .date('expected a date as YYYY-MM-DD')
  .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'expected a date from 2000 to 2100')
  .describe('the production day (the day its shifts start), YYYY-MM-DD, in the plant');
const errors = { 400: Problem, 404: Problem, 409: Problem };
const Document = z.any().describe('the document: PDF or XLSX bytes');

/** A file name of letters, digits, dots, hyphens and underscores, safe in any header. */
const fileName = (...parts: string[]) =>
  parts
    .filter((p) => p !== '')
    .join('_')
    .replace(/[^A-Za-z0-9._-]/g, '-');

function send(
  reply: FastifyReply,
  format: ReportFormat,
  text: ReportText,
  name: string,
  body: Buffer,
) {
  return reply
    .header('content-type', CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .header('content-language', text.locale)
    .send(body);
}

export function reportsRoutes(context: ReportsContext): FastifyPluginAsync {
  const { db } = context;
  const languages = context.languages ?? appLanguages();
  const Language = z
    .enum(languages.codes)
    .optional()
    .describe("the report's language; by default the signed-in user's own");
  /** The language and formats of the request, times in the plant's zone. */
  const textFor = (request: FastifyRequest, asked: string | undefined, timeZone: string) => {
    const language = reportLanguage(asked, requirePrincipal(request).user.language, languages);
    return reportText(language, timeZone, languages);
  };
  const plantAndText = async (request: FastifyRequest, asked: string | undefined) => {
    const { plant } = await currentPlant(db);
    return { plant, text: textFor(request, asked, plant.site.timezone) };
  };

  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['reports'];

    app.get(
      '/options',
      {
        config: { access: 'plant.read' },
        schema: {
          tags,
          summary:
            'What the reports may be asked for: the lines and their shifts, today at the plant',
          response: {
            200: z.object({
              today: z.string().describe("the plant's date now, YYYY-MM-DD"),
              languages: z.array(z.enum(languages.codes)),
              formats: z.array(z.enum(REPORT_FORMATS)),
              lines: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  shifts: z.array(
                    z.object({
                      code: z.string(),
                      name: z.string(),
                      start: z.string(),
                      end: z.string(),
                    }),
                  ),
                }),
              ),
            }),
            404: Problem,
          },
        },
      },
      async () => {
        const { plant } = await currentPlant(db);
        return {
          today: localDate(context.clock().getTime(), plant.site.timezone),
          languages: [...languages.codes],
          formats: [...REPORT_FORMATS],
          lines: plant.lines.map((line) => ({
            code: line.code,
            name: line.name,
            shifts: (plant.calendars.find((c) => c.code === line.calendar)?.shifts ?? []).map(
              (s) => ({ code: s.code, name: s.name, start: s.start, end: s.end }),
            ),
          })),
        };
      },
    );

    const group = (siteCode: string) => context.machineGroup ?? siteCode;

    app.get(
      '/shift',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary:
            'Shift report: per line good output, scrap by reason, downtime by reason, OEE; plant totals',
          description:
            'Figures from the machine data, as the production pages read them; a shift still running is reported up to now.',
          querystring: z.object({
            date: ReportDate,
            shift: Code.describe("a shift code of the lines' calendars"),
            line: Code.optional().describe('one line; every line by default'),
            format: Format,
            language: Language,
          }),
          response: { 200: Document, ...errors },
        },
      },
      async (request, reply) => {
        const { date, shift, line, format, language } = request.query;
        const { plant, text } = await plantAndText(request, language);
        const report = await shiftReport(db, plant, {
          date,
          shift,
          ...(line ? { line } : {}),
          group: group(plant.site.code),
          now: context.clock(),
        });
        const body =
          format === 'pdf'
            ? await shiftReportPdf(report, text)
            : await shiftReportXlsx(report, text);
        return send(
          reply,
          format,
          text,
          fileName(text.t('file.shift'), date, shift, line ?? ''),
          body,
        );
      },
    );

    app.get(
      '/daily',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary:
            "Daily production report: the day's shifts per line, work orders worked, lots finished, totals",
          querystring: z.object({
            date: ReportDate,
            line: Code.optional().describe('one line; every line by default'),
            format: Format,
            language: Language,
          }),
          response: { 200: Document, ...errors },
        },
      },
      async (request, reply) => {
        const { date, line, format, language } = request.query;
        const { plant, text } = await plantAndText(request, language);
        const report = await dailyReport(db, plant, {
          date,
          ...(line ? { line } : {}),
          group: group(plant.site.code),
          now: context.clock(),
        });
        const body =
          format === 'pdf'
            ? await dailyReportPdf(report, text)
            : await dailyReportXlsx(report, text);
        return send(reply, format, text, fileName(text.t('file.daily'), date, line ?? ''), body);
      },
    );

    app.get(
      '/lots/:lot/certificate',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary:
            'The certificate of conformance of a released lot (PDF), in the reader’s language',
          params: z.object({ lot: z.string().min(1).max(60).describe('lot number (or id)') }),
          querystring: z.object({ language: Language }),
          response: { 200: Document, ...errors },
        },
      },
      async (request, reply) => {
        const data = await certificateData(db, request.params.lot);
        const text: ReportText = textFor(request, request.query.language, data.timezone);
        const body = await certificatePdf(data, text.language, languages);
        return send(reply, 'pdf', text, fileName(text.t('file.certificate'), data.lot), body);
      },
    );

    app.get(
      '/recalls/:number',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary:
            'The recall report (PDF, or XLSX with the affected lots and where they are, one row each)',
          params: z.object({
            number: z.string().regex(/^RC-\d{5,}$/, 'expected a recall number such as RC-00001'),
          }),
          querystring: z.object({ format: Format, language: Language }),
          response: { 200: Document, ...errors },
        },
      },
      async (request, reply) => {
        const { format, language } = request.query;
        const recall = await findRecall(db, request.params.number);
        const { plant, text } = await plantAndText(request, language);
        const body =
          format === 'pdf'
            ? await recallPdf(recall.report, {
                language: text.language,
                timeZone: plant.site.timezone,
                languages,
              })
            : await recallXlsx(recall.report, text);
        return send(reply, format, text, fileName(text.t('file.recall'), recall.number), body);
      },
    );
  };
}
