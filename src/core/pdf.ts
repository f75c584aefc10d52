// The documents Lotline prints (recall reports, packing lists, dangerous-goods
// declarations): a pdfkit document collected into a buffer, and the simple
// ruled table they share.
import PDFDocument from 'pdfkit';

/** Page margin of the A4 documents, in points. */
export const PDF_MARGIN = 40;
const LINE = 14;

export interface PdfColumn {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** A table of one-line cells (too long is cut with an ellipsis), a new page when the page is full. */
export function pdfTable(
  doc: PDFKit.PDFDocument,
  columns: readonly PdfColumn[],
  rows: readonly string[][],
) {
  const draw = (cells: readonly string[], bold: boolean) => {
    if (doc.y > doc.page.height - PDF_MARGIN - LINE) doc.addPage();
    const y = doc.y;
    let x = PDF_MARGIN;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    for (const [i, column] of columns.entries()) {
      doc.text(cells[i] ?? '', x, y, {
        width: column.width - 6,
        align: column.align ?? 'left',
        lineBreak: false,
        ellipsis: true,
      });
      x += column.width;
    }
    doc.x = PDF_MARGIN;
    doc.y = y + LINE;
  };
  draw(
    columns.map((c) => c.title),
    true,
  );
  if (rows.length === 0) draw(['—'], false);
  for (const row of rows) draw(row, false);
  doc.moveDown(0.8);
}

/** An A4 document with Lotline as producer, drawn by `draw`, as the bytes of the PDF. */
export async function renderPdf(
  title: string,
  draw: (doc: PDFKit.PDFDocument) => void | Promise<void>,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PDF_MARGIN,
    info: { Title: title, Producer: 'Lotline' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  await draw(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
