// The certificate of conformance of a released lot, as PDF: the product and
// its specification, the lot and its quantity, each sampling plan with what
// was found, each firing-range test with its statistics, and the signatures
// of the inspection and of the release.
import { and, desc, eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { signatures } from '../../core/audit/schema.js';
import type { Database } from '../../core/db/store.js';
import { LotlineError } from '../../core/errors.js';
import { findLot } from '../genealogy/index.js';
import { currentPlant } from '../plant/index.js';
import type { PlanLine } from './inspection.js';
import { dispositions, inspections, results } from './schema.js';

export interface CertificateData {
  site: string;
  lot: string;
  product: string;
  productName: string;
  quantity: number;
  unit: string;
  madeOn: string | null;
  expiresOn: string | null;
  specification: string;
  specificationName: string;
  customer: string | null;
  inspection: string;
  inspectedBy: string | null;
  inspectedAt: string | null;
  lines: {
    characteristic: string;
    name: string;
    plan: string;
    result: string;
    accepted: boolean;
  }[];
  release: { by: string; displayName: string; at: string; meaning: string; signatureId: string };
}

function describePlan(line: PlanLine): string {
  switch (line.kind) {
    case 'attribute':
      return `ISO 2859-1 ${line.plan.severity}, level ${line.plan.level}, AQL ${line.plan.aql}: n ${line.plan.n}, Ac ${line.plan.ac}, Re ${line.plan.re}`;
    case 'variable':
      return `${line.sampleSize} units against ${line.lsl ?? '−∞'}–${line.usl ?? '∞'} ${line.unit}`;
    case 'range':
      return `${line.sampleSize} rounds: ${line.limits
        .map(
          (l) =>
            `${l.statistic} ${l.min !== undefined ? `≥ ${l.min}` : ''}${l.min !== undefined && l.max !== undefined ? ', ' : ''}${l.max !== undefined ? `≤ ${l.max}` : ''}`,
        )
        .join('; ')}`;
    default: {
      const unknownLine: never = line;
      return unknownLine;
    }
  }
}

/** What the certificate says, for a released lot with an accepted acceptance inspection. */
export async function certificateData(db: Database, lotKey: string): Promise<CertificateData> {
  const lot = await findLot(db, lotKey);
  if (lot.status !== 'released' && lot.status !== 'shipped' && lot.status !== 'consumed') {
    throw new LotlineError(
      'conflict',
      `lot ${lot.number} is ${lot.status.replace('_', ' ')}: a certificate is issued for a released lot`,
      [],
      'lot_not_released',
    );
  }
  const [inspection] = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.lotId, lot.id), eq(inspections.state, 'accepted')))
    .orderBy(desc(inspections.completedAt))
    .limit(1);
  if (!inspection) {
    throw new LotlineError(
      'conflict',
      `lot ${lot.number} has no accepted inspection to certify`,
      [],
      'no_accepted_inspection',
    );
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
    throw new LotlineError(
      'conflict',
      `lot ${lot.number} has no signed release to certify`,
      [],
      'no_signed_release',
    );
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
    lot: lot.number,
    product: lot.material,
    productName: material?.name ?? lot.material,
    quantity: lot.quantity,
    unit: lot.unit,
    madeOn: (lot.madeTo ?? lot.madeFrom)?.slice(0, 10) ?? null,
    expiresOn: lot.expiresOn,
    specification: inspection.specification,
    specificationName: spec ? `${spec.name}, revision ${spec.revision}` : inspection.specification,
    customer: spec?.customer ?? null,
    inspection: inspection.number,
    inspectedBy: inspection.completedBy,
    inspectedAt: inspection.completedAt?.toISOString() ?? null,
    lines: inspection.plan.lines.map((line) => {
      const verdict = recorded.get(line.characteristic);
      return {
        characteristic: line.characteristic,
        name: line.name,
        plan: describePlan(line),
        result: verdict?.summary ?? 'not recorded',
        accepted: verdict?.accepted ?? false,
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

export async function certificatePdf(data: CertificateData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Certificate of conformance ${data.lot}`, Producer: 'Lotline' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const amount = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
  doc.font('Helvetica-Bold').fontSize(18).text('Certificate of conformance');
  doc.font('Helvetica').fontSize(10).text(data.site);
  doc.moveDown();
  const fact = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true });
    doc.font('Helvetica').text(value);
  };
  fact('Lot', data.lot);
  fact('Product', `${data.product} — ${data.productName}`);
  fact('Quantity', `${amount(data.quantity)} ${data.unit}`);
  if (data.madeOn) fact('Made', data.madeOn);
  if (data.expiresOn) fact('Expires', data.expiresOn);
  fact('Specification', `${data.specification} — ${data.specificationName}`);
  if (data.customer) fact('Customer', data.customer);
  fact(
    'Inspection',
    `${data.inspection}, completed ${data.inspectedAt ?? '—'} by ${data.inspectedBy ?? '—'}`,
  );
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text('Characteristics and tests');
  doc.moveDown(0.3);
  for (const line of data.lines) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(
        `${line.characteristic} — ${line.name}: ${line.accepted ? 'conforms' : 'DOES NOT CONFORM'}`,
      );
    doc.font('Helvetica').fontSize(9).text(`Plan: ${line.plan}`, { indent: 12 });
    doc.text(`Result: ${line.result}`, { indent: 12 });
    doc.moveDown(0.3);
  }
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text('Release');
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      `Released by ${data.release.displayName} (${data.release.by}) on ${data.release.at}, ` +
        `electronically signed (meaning: ${data.release.meaning}; signature ${data.release.signatureId}).`,
    );
  doc.moveDown();
  doc
    .fontSize(9)
    .text(
      'We certify that the lot above was inspected and tested to the specification named and conforms to it.',
    );
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
