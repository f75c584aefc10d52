// The printed reports (src/modules/reports/routes.ts): what they may be asked
// for, the address of each report, and its download. A report is a file (PDF
// or XLSX), fetched with the session cookie like any API call so that a
// refusal ("that shift is not worked that day") comes back as problem details
// the page can show, and saved under the name the server gives it.
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, getJson } from './client';
import type { ProblemDetails } from './types';

const BASE = '/api/reports';

export const REPORT_KINDS = ['shift', 'daily', 'certificate', 'recall'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The permission each report needs, as its route names it. */
export const REPORT_PERMISSION: Readonly<Record<ReportKind, string>> = {
  shift: 'production.read',
  daily: 'production.read',
  certificate: 'quality.read',
  recall: 'lots.read',
};

export type ReportFormat = 'pdf' | 'xlsx';
export type ReportLanguage = 'es' | 'en';

export interface ReportShift {
  code: string;
  name: string;
  start: string;
  end: string;
}

export interface ReportOptions {
  /** The plant's date now, YYYY-MM-DD. */
  today: string;
  languages: ReportLanguage[];
  formats: ReportFormat[];
  lines: { code: string; name: string; shifts: ReportShift[] }[];
}

export const useReportOptions = () =>
  useQuery({
    queryKey: ['reports', 'options'],
    queryFn: ({ signal }) => getJson<ReportOptions>(`${BASE}/options`, signal),
  });

/** One report as asked for; no language means the signed-in user's own. */
export type ReportRequest = { language?: ReportLanguage | undefined } & (
  | { kind: 'shift'; date: string; shift: string; line?: string; format: ReportFormat }
  | { kind: 'daily'; date: string; line?: string; format: ReportFormat }
  | { kind: 'certificate'; lot: string }
  | { kind: 'recall'; recall: string; format: ReportFormat }
);

function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The address of a report. */
export function reportPath(request: ReportRequest): string {
  const { language } = request;
  switch (request.kind) {
    case 'shift':
      return `${BASE}/shift${query({
        date: request.date,
        shift: request.shift,
        line: request.line,
        format: request.format,
        language,
      })}`;
    case 'daily':
      return `${BASE}/daily${query({
        date: request.date,
        line: request.line,
        format: request.format,
        language,
      })}`;
    case 'certificate':
      return `${BASE}/lots/${encodeURIComponent(request.lot)}/certificate${query({ language })}`;
    case 'recall':
      return `${BASE}/recalls/${encodeURIComponent(request.recall)}${query({
        format: request.format,
        language,
      })}`;
    default: {
      const unknown: never = request;
      return unknown;
    }
  }
}

/** The file name in a Content-Disposition header, or a fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="([^"]+)"/.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

async function problemOf(response: Response): Promise<ProblemDetails> {
  const body = (await response.json().catch(() => undefined)) as
    | Partial<ProblemDetails>
    | undefined;
  if (body && typeof body.detail === 'string' && typeof body.status === 'number') {
    return {
      title: body.title ?? response.statusText,
      code: body.code ?? 'http_error',
      ...body,
    } as ProblemDetails;
  }
  return {
    title: response.statusText || 'Error',
    status: response.status,
    detail: `${response.status} ${response.statusText}`,
    code: 'http_error',
  };
}

/** Fetches the report and hands it to the browser as a download; resolves to its file name. */
export async function downloadReport(path: string): Promise<string> {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(await problemOf(response));
  const name = fileNameOf(response.headers.get('content-disposition'), 'report');
  const url = URL.createObjectURL(await response.blob());
  try {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = name;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
  } finally {
    // The click has handed the file to the browser; the object URL may go.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}

export const useDownloadReport = () =>
  useMutation({ mutationFn: (request: ReportRequest) => downloadReport(reportPath(request)) });
