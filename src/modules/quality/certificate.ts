// The certificate of conformance of a released lot, as PDF: the product and
// its specification, the lot and its quantity, each sampling plan with what
// was found, each firing-range test with its statistics, and the signatures
// of the inspection and of the release — in English (the default, as it has
// always been printed) or in Spanish, the words from the report catalogues
// (reports/i18n.ts) and the numbers and times in the language's locale.
import { and, desc, eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { signatures } from '../../core/audit/schema.js';
import type { Database } from '../../core/db/store.js';
import { conflict } from '../../core/errors.js';
import type { Languages } from '../../core/i18n/languages.js';
import { findLot } from '../genealogy/index.js';
import { currentPlant } from '../plant/index.js';
import { type ReportLanguage, type ReportText, reportText } from '../reports/i18n.js';
import type { LineVerdict, PlanLine } from './inspection.js';
import { dispositions, inspections, results } from './schema.js';

export interface CertificateLine {
  characteristic: string;
  name: string;
  plan: PlanLine;
  /** What was recorded and judged; null when nothing was recorded. */
  verdict: Pick<LineVerdict, 'accepted' | 'summary' | 'detail'> | null;
}

export interface CertificateData {
  site: string;
  /** The plant's time zone, in which the certificate's times are read. */
  timezone: string;
  lot: string;
  product: string;
  productName: string;
  quantity: number;
  unit: string;
  madeOn: string | null;
  expiresOn: string | null;
  specification: string;
  specificationName: string;
  specificationRevision: string | null;
  customer: string | null;
  inspection: string;
  inspectedBy: string | null;
  inspectedAt: string | null;
  lines: CertificateLine[];
  release: { by: string; displayName: string; at: string; meaning: string; signatureId: string };
}

/** What the certificate says, for a released lot with an accepted acceptance inspection. */
export async function certificateData(db: Database, lotKey: string): Promise<CertificateData> {
  const lot = await findLot(db, lotKey);
  if (lot.status !== 'released' && lot.status !== 'shipped' && lot.status !== 'consumed') {
    throw conflict(
      'lot_not_released',
      'lot {{lot}} is {{lotStatus, words}}: a certificate is issued for a released lot',
      { lot: lot.number, lotStatus: lot.status },
    );
  }
  const [inspection] = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.lotId, lot.id), eq(inspections.state, 'accepted')))
    .orderBy(desc(inspections.completedAt))
    .limit(1);
  if (!inspection) {
    throw conflict('no_accepted_inspection', 'lot {{lot}} has no accepted inspection to certify', {
      lot: lot.number,
    });
  }
  const [release] = await db
    .select()
    .from(dispositions)
    .where(and(eq(dispositions.lotId, lot.id), eq(dispositions.decision, 'release')))
    .orderBy(desc(dispositions.at))
    .limit(1);
  const [signature] = release
    ? await db.select().from(signatures).where(eq(signatures.id, release.signatureId))
    : [];
  if (!release || !signature) {
    throw conflict('no_signed_release', 'lot {{lot}} has no signed release to certify', {
      lot: lot.number,
    });
  }
  const { plant } = await currentPlant(db);
  const spec = plant.specifications.find((s) => s.code === inspection.specification);
  const material = plant.materials.find((m) => m.code === lot.material);
  const recorded = new Map(
    (await db.select().from(results).where(eq(results.inspectionId, inspection.id))).map((r) => [
      r.characteristic,
      r.verdict,
    ]),
  );
  return {
    site: plant.site.name,
    timezone: plant.site.timezone,
    lot: lot.number,
    product: lot.material,
    productName: material?.name ?? lot.material,
    quantity: lot.quantity,
    unit: lot.unit,
    madeOn: (lot.madeTo ?? lot.madeFrom)?.slice(0, 10) ?? null,
    expiresOn: lot.expiresOn,
    specification: inspection.specification,
    specificationName: spec?.name ?? inspection.specification,
    specificationRevision: spec?.revision ?? null,
    customer: spec?.customer ?? null,
    inspection: inspection.number,
    inspectedBy: inspection.completedBy,
    inspectedAt: inspection.completedAt?.toISOString() ?? null,
    lines: inspection.plan.lines.map((line) => {
      const verdict = recorded.get(line.characteristic);
      return {
        characteristic: line.characteristic,
        name: line.name,
        plan: line,
        verdict: verdict
          ? {
              accepted: verdict.accepted,
              summary: verdict.summary,
              ...(verdict.detail ? { detail: verdict.detail } : {}),
            }
          : null,
      };
    }),
    release: {
      by: signature.username,
      displayName: signature.displayName,
      at: signature.signedAt.toISOString(),
      meaning: signature.meaning,
      signatureId: signature.id,
    },
  };
}

// ------------------------------------------------------------ wording ----

/** A limit pair in words: "695–735 m/s", "at least 695 m/s", "at most 10". */
function limitWords(text: ReportText, min: number | undefined, max: number | undefined, unit = '') {
  const suffix = unit ? ` ${unit}` : '';
  const n = (v: number) => text.quantity(v);
  if (min !== undefined && max !== undefined) {
    return text.t('certificate.limits.between', { min: n(min), max: n(max), unit: suffix });
  }
  if (min !== undefined) return text.t('certificate.limits.atLeast', { min: n(min), unit: suffix });
  if (max !== undefined) return text.t('certificate.limits.atMost', { max: n(max), unit: suffix });
  return text.t('certificate.limits.none');
}

/** The sampling plan or test of a line, as the certificate states it. */
export function describePlan(text: ReportText, line: PlanLine): string {
  switch (line.kind) {
    case 'attribute':
      return text.t('certificate.plan.attribute', {
        severity: text.label('severity', line.plan.severity),
        level: line.plan.level,
        aql: text.quantity(line.plan.aql),
        n: text.integer(line.plan.n),
        ac: text.integer(line.plan.ac),
        re: text.integer(line.plan.re),
      });
    case 'variable':
      return text.t('certificate.plan.variable', {
        count: line.sampleSize,
        limits: limitWords(text, line.lsl, line.usl, line.unit),
      });
    case 'range':
      return text.t('certificate.plan.range', {
        count: line.sampleSize,
        limits: line.limits
          .map((l) =>
            text.t('certificate.limits.statistic', {
              statistic: text.label('statistic', l.statistic),
              limits: limitWords(
                text,
                l.min,
                l.max,
                l.statistic === 'failures' ? '' : (line.unit ?? ''),
              ),
            }),
          )
          .join('; '),
      });
    default: {
      const unknownLine: never = line;
      return unknownLine;
    }
  }
}

const numberIn = (detail: Record<string, unknown> | undefined, key: string) => {
  const value = detail?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/**
 * What was found on a line. English prints the summary the inspection
 * recorded, in its own words; another language words the recorded values of
 * the verdict (its detail) itself, falling back to that summary if they are missing.
 */
export function describeResult(text: ReportText, line: CertificateLine): string {
  const { verdict, plan } = line;
  if (!verdict) return text.t('certificate.notRecorded');
  if (text.language === 'en') return verdict.summary;
  const detail = verdict.detail;
  switch (plan.kind) {
    case 'attribute': {
      const nonconforming = numberIn(detail, 'nonconforming');
      const sampled = numberIn(detail, 'sampled');
      if (nonconforming === undefined || sampled === undefined) return verdict.summary;
      return text.t('certificate.result.attribute', {
        nonconforming: text.integer(nonconforming),
        n: text.integer(sampled),
        ac: text.integer(plan.plan.ac),
        re: text.integer(plan.plan.re),
        severity: text.label('severity', plan.plan.severity),
        code: plan.plan.codeLetter,
        aql: text.quantity(plan.plan.aql),
      });
    }
    case 'variable': {
      const measured = numberIn(detail, 'measured');
      const outside = numberIn(detail, 'outside');
      const mean = numberIn(detail, 'mean');
      const min = numberIn(detail, 'min');
      const max = numberIn(detail, 'max');
      if (measured === undefined) return verdict.summary;
      if (measured < plan.sampleSize) {
        return text.t('certificate.result.variableShort', {
          measured: text.integer(measured),
          n: text.integer(plan.sampleSize),
        });
      }
      if (outside === undefined || mean === undefined || min === undefined || max === undefined) {
        return verdict.summary;
      }
      return text.t('certificate.result.variable', {
        measured: text.integer(measured),
        outside: text.integer(outside),
        limits: limitWords(text, plan.lsl, plan.usl, plan.unit),
        mean: text.quantity(mean),
        min: text.quantity(min),
        max: text.quantity(max),
      });
    }
    case 'range': {
      const statistics = detail?.statistics as Record<string, unknown> | undefined;
      const rounds = numberIn(detail, 'rounds');
      if (!statistics || rounds === undefined) return verdict.summary;
      const values = plan.limits.map((l) => {
        const value = numberIn(statistics, l.statistic);
        const unit = l.statistic === 'failures' || !plan.unit ? '' : ` ${plan.unit}`;
        return text.t('certificate.result.statistic', {
          statistic: text.label('statistic', l.statistic),
          value: value === undefined ? '—' : `${text.quantity(value)}${unit}`,
          limits: limitWords(
            text,
            l.min,
            l.max,
            l.statistic === 'failures' ? '' : (plan.unit ?? ''),
          ),
        });
      });
      return text.t('certificate.result.range', { count: rounds, values: values.join('; ') });
    }
    default: {
      const unknownLine: never = plan;
      return unknownLine;
    }
  }
}

export async function certificatePdf(
  data: CertificateData,
  language: ReportLanguage = 'en',
  languages?: Languages,
): Promise<Buffer> {
  const text = reportText(language, data.timezone, languages);
  const title = text.t('certificate.title');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `${title} ${data.lot}`, Producer: 'Lotline' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(title);
  doc.font('Helvetica').fontSize(10).text(data.site);
  doc.moveDown();
  const fact = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true });
    doc.font('Helvetica').text(value);
  };
  fact(text.t('certificate.lot'), data.lot);
  fact(text.t('certificate.product'), `${data.product} — ${data.productName}`);
  fact(text.t('certificate.quantity'), `${text.quantity(data.quantity)} ${text.unit(data.unit)}`);
  if (data.madeOn) fact(text.t('certificate.made'), text.date(data.madeOn));
  if (data.expiresOn) fact(text.t('certificate.expires'), text.date(data.expiresOn));
  fact(
    text.t('certificate.specification'),
    `${data.specification} — ${
      data.specificationRevision === null
        ? data.specificationName
        : text.t('certificate.specificationRevision', {
            name: data.specificationName,
            revision: data.specificationRevision,
          })
    }`,
  );
  if (data.customer) fact(text.t('certificate.customer'), data.customer);
  fact(
    text.t('certificate.inspection'),
    text.t('certificate.inspectionDone', {
      inspection: data.inspection,
      at: data.inspectedAt ? text.dateTime(data.inspectedAt) : '—',
      by: data.inspectedBy ?? '—',
    }),
  );
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text(text.t('certificate.characteristics'));
  doc.moveDown(0.3);
  for (const line of data.lines) {
    const verdict = line.verdict?.accepted
      ? text.t('certificate.conforms')
      : text.t('certificate.doesNotConform');
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${line.characteristic} — ${line.name}: ${verdict}`);
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(text.t('certificate.planLabel', { plan: describePlan(text, line.plan) }), {
        indent: 12,
      });
    doc.text(text.t('certificate.resultLabel', { result: describeResult(text, line) }), {
      indent: 12,
    });
    doc.moveDown(0.3);
  }
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text(text.t('certificate.release'));
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      text.t('certificate.releasedBy', {
        name: data.release.displayName,
        user: data.release.by,
        at: text.dateTime(data.release.at),
        meaning: text.label('signatureMeaning', data.release.meaning),
        signature: data.release.signatureId,
      }),
    );
  doc.moveDown();
  doc.fontSize(9).text(text.t('certificate.statement'));
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
