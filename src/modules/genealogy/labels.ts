// Crate and pallet labels: PDF for office printers, ZPL for Zebra label printers. Both are drawn
// from one layout in printer dots (4 × 6 in at 203 dpi, 812 × 1218 dots), so a label looks the
// same on either; the PDF scales dots to points.
//
// Each label carries, as GS1 logistic labels do, the SSCC alone in a GS1-128 at the bottom; the
// other element strings ((02)+(37), (10), (11), (17)) in one or more GS1-128s above it; and all of
// them in one GS1 DataMatrix beside the text.
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import {
  invalid,
  invalidField,
  isLotlineError,
  LotlineError,
  restated,
} from '../../core/errors.js';
import { type ElementString, GS, gs1DataString, humanReadable, logisticElements } from './gs1.js';

export interface LabelData {
  kind: 'crate' | 'pallet';
  /** 18 digits. */
  sscc: string;
  /** Plant lot number, e.g. "LTL27C001-004" (AI 10 allows up to 20 chars of GS1 charset 82). */
  lot: string;
  /** GTIN-14 of the contents, if the material has one. */
  gtin?: string;
  /** Cartridges in the container (AI 37 when gtin is given). */
  quantity: number;
  /** E.g. "C762-BALL". */
  productCode: string;
  productName: string;
  /** YYYY-MM-DD */
  productionDate: string;
  /** YYYY-MM-DD */
  expiryDate?: string;
  siteName: string;
  /** Printed as text, e.g. "UN0012 1.4S". */
  hazard?: { unNumber: string; division: string; compatibilityGroup: string };
  netExplosiveKg?: number;
  /** Free text line, e.g. "2 latas × 660". */
  contents?: string;
}

export type BarcodeKind = 'gs1-128' | 'gs1datamatrix';

/** The element strings of each barcode on a label. */
export interface LabelBarcodes {
  /** (00) alone. */
  sscc: ElementString[];
  /** The other elements, split over as many GS1-128s as they need. */
  linear: ElementString[][];
  /** Every element. */
  matrix: ElementString[];
}

const DOTS_PER_INCH = 203;
const WIDTH = 812;
const HEIGHT = 1218;
const MARGIN = 30;
const COLUMN_X = 560;

// GS1 General Specifications, logistic label symbols: SSCC bars at least 31.75 mm tall (250 dots)
// with X at least 0.495 mm (4 dots = 0.5 mm). ISO/IEC 15417: quiet zone of 10 X each side.
const SSCC_MODULE = 4;
const SSCC_HEIGHT = 250;
const QUIET_MODULES = 10;
// Printers do not print to the very edge: keep 2 mm clear besides the quiet zones.
const LINEAR_SPAN = WIDTH - 2 * 16;
// A GS1-128 carries at most 48 data characters, AIs and separators included.
const GS1_128_MAX_CHARS = 48;
const MATRIX_MODULE = 6;
const MATRIX_SPAN = 222;

function checkLabel(data: LabelData): ElementString[] {
  if (data.kind !== 'crate' && data.kind !== 'pallet') {
    throw invalidField('kind', 'label_kind_invalid', 'expected crate or pallet, got "{{kind}}"', {
      kind: String(data.kind),
    });
  }
  if (!Number.isInteger(data.quantity) || data.quantity < 1) {
    throw invalidField(
      'quantity',
      'label_quantity_invalid',
      'expected a whole number of cartridges ≥ 1, got {{quantity}}',
      { quantity: data.quantity },
    );
  }
  for (const field of ['productCode', 'productName', 'siteName'] as const) {
    if (data[field].trim() === '') throw invalidField(field, 'field_empty', 'must not be empty');
  }
  if (data.hazard) {
    const { unNumber, division, compatibilityGroup } = data.hazard;
    if (!/^(UN)?\d{4}$/.test(unNumber)) {
      throw invalidField(
        'hazard.unNumber',
        'un_number_invalid',
        'expected a UN number like UN0012, got "{{unNumber}}"',
        { unNumber },
      );
    }
    // UN Model Regulations 2.1.1.4 and 2.1.2.1: divisions 1.1-1.6, groups A-L (no I), N, S.
    if (!/^1\.[1-6]$/.test(division)) {
      throw invalidField(
        'hazard.division',
        'hazard_division_invalid',
        'expected a division 1.1 to 1.6, got "{{division}}"',
        { division },
      );
    }
    if (!/^[A-HJKLNS]$/.test(compatibilityGroup)) {
      throw invalidField(
        'hazard.compatibilityGroup',
        'compatibility_group_invalid',
        'expected a compatibility group letter, got "{{group}}"',
        { group: compatibilityGroup },
      );
    }
  }
  if (
    data.netExplosiveKg !== undefined &&
    (!Number.isFinite(data.netExplosiveKg) || data.netExplosiveKg < 0)
  ) {
    throw invalidField(
      'netExplosiveKg',
      'net_explosive_kg_invalid',
      'expected kilograms ≥ 0, got {{kg}}',
      { kg: data.netExplosiveKg },
    );
  }
  return logisticElements(data);
}

/** Checks every label first, so a batch prints whole or not at all. */
function checkLabels(labels: readonly LabelData[]): ElementString[][] {
  if (labels.length === 0) throw invalid('no_labels', 'no labels to print');
  return labels.map((label, i) => {
    try {
      return checkLabel(label);
    } catch (error) {
      if (!isLotlineError(error) || labels.length === 1) throw error;
      // The same error, located in the batch: labels[2].quantity.
      throw new LotlineError(
        'invalid',
        restated(error, `labels[${i}].${error.message}`),
        error.issues.map((issue) => ({ ...issue, path: `labels[${i}].${issue.path}` })),
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Code 128 for ZPL. Zebra's ^BC in mode N takes the symbol's subsets as written, with invocation
// codes (ZPL II Programming Guide, ^BC, "Code 128 Invocation Characters"):
//   >;  start in subset C        >8  FNC1
//   >6  switch to subset B       >5  switch to subset C
//   ><  a literal ">" in subsets A and B
// A GS1-128 starts ">;>8": subset C, then FNC1 in first position, which marks the data as GS1
// (Zebra's knowledge article "Creating GS1 barcodes with Zebra printers ... using ZPL"). Later
// ">8"s are the separators after variable-length fields. Subsets follow ISO/IEC 15417 Annex E in
// short: digits go in pairs in C, anything else in B, and B turns to C for a run of 4 or more
// digits (after one digit in B when the run is odd).

interface Code128Plan {
  /** ^FD data for ^BC in mode N. */
  field: string;
  /** Symbol width in modules, quiet zones excluded. */
  modules: number;
}

function digitRun(data: string, from: number): number {
  let end = from;
  while (end < data.length && data.charCodeAt(end) >= 48 && data.charCodeAt(end) <= 57) end++;
  return end - from;
}

function zplCode128(gs1Data: string): Code128Plan {
  let field = '>;>8';
  let symbols = 2; // start C, FNC1
  let subset: 'B' | 'C' = 'C';
  let at = 0;
  while (at < gs1Data.length) {
    const char = gs1Data[at] as string;
    if (char === GS) {
      field += '>8';
      symbols++;
      at++;
      continue;
    }
    const run = digitRun(gs1Data, at);
    if (subset === 'C') {
      if (run >= 2) {
        field += gs1Data.slice(at, at + 2);
        at += 2;
      } else {
        field += '>6';
        subset = 'B';
      }
    } else if (run >= 4 && run % 2 === 0) {
      field += '>5';
      subset = 'C';
    } else {
      field += char === '>' ? '><' : char;
      at++;
    }
    symbols++;
  }
  // Each symbol character, and the check character, is 11 modules; the stop is 13.
  return { field, modules: (symbols + 1) * 11 + 13 };
}

/** The largest X (dots) of `choices` at which a symbol of `modules` fits across the label. */
function fittingModule(modules: number, choices: readonly number[]): number | undefined {
  return choices.find((x) => (modules + 2 * QUIET_MODULES) * x <= LINEAR_SPAN);
}

const LINEAR_MODULES = [4, 3, 2] as const;

function dataCharacters(elements: readonly ElementString[]): number {
  return gs1DataString([...elements]).length;
}

/**
 * Splits the element strings other than the SSCC over as few GS1-128s as keep each within 48
 * data characters and narrow enough to print across the label at X = 2 dots (0.25 mm).
 */
function linearGroups(elements: readonly ElementString[]): ElementString[][] {
  const groups: ElementString[][] = [];
  let current: ElementString[] = [];
  for (const element of elements) {
    const candidate = [...current, element];
    const fits =
      dataCharacters(candidate) <= GS1_128_MAX_CHARS &&
      fittingModule(zplCode128(gs1DataString(candidate)).modules, [2]) !== undefined;
    if (fits || current.length === 0) {
      current = candidate;
    } else {
      groups.push(current);
      current = [element];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export function labelBarcodes(elements: readonly ElementString[]): LabelBarcodes {
  const [sscc, ...rest] = elements;
  if (sscc?.ai !== '00') {
    throw invalid('label_without_sscc', 'a logistic label starts with the (00) SSCC');
  }
  return { sscc: [sscc], linear: linearGroups(rest), matrix: [...elements] };
}

// ---------------------------------------------------------------------------------------------
// Layout, in dots from the label's top left corner.

type Align = 'left' | 'right' | 'center';

type LayoutItem =
  | {
      type: 'text';
      x: number;
      y: number;
      width: number;
      /** Character height in dots. */
      size: number;
      bold: boolean;
      align: Align;
      lines: number;
      text: string;
    }
  | { type: 'rule'; y: number }
  | {
      type: 'gs1-128';
      y: number;
      module: number;
      height: number;
      elements: ElementString[];
      plan: Code128Plan;
    }
  | { type: 'gs1datamatrix'; x: number; y: number; module: number; elements: ElementString[] };

function text(
  x: number,
  y: number,
  width: number,
  size: number,
  content: string,
  options: { bold?: boolean; align?: Align; lines?: number; whole?: boolean } = {},
): LayoutItem {
  const bold = options.bold ?? false;
  return {
    type: 'text',
    x,
    y,
    width,
    // Text that must be read whole (lot, identifiers) shrinks to fit instead of being cut. The
    // factors are a generous average glyph width (em) of Helvetica and of ZPL's font 0.
    size: options.whole
      ? Math.min(size, Math.floor(width / (content.length * (bold ? 0.68 : 0.6))))
      : size,
    bold,
    align: options.align ?? 'left',
    lines: options.lines ?? 1,
    text: content,
  };
}

function hazardText(data: LabelData): string | undefined {
  const parts: string[] = [];
  if (data.hazard) {
    const { unNumber, division, compatibilityGroup } = data.hazard;
    const un = unNumber.startsWith('UN') ? unNumber : `UN${unNumber}`;
    parts.push(`${un} ${division}${compatibilityGroup}`);
  }
  if (data.netExplosiveKg !== undefined) {
    parts.push(`NEQ ${Number(data.netExplosiveKg.toFixed(3))} kg`);
  }
  return parts.length > 0 ? parts.join('   ') : undefined;
}

function labelLayout(data: LabelData, elements: readonly ElementString[]): LayoutItem[] {
  const barcodes = labelBarcodes(elements);
  const left = MARGIN;
  const textWidth = COLUMN_X - MARGIN - 20;
  const full = WIDTH - 2 * MARGIN;
  const items: LayoutItem[] = [
    text(left, 30, full - 200, 28, data.siteName),
    text(left, 26, full, 40, data.kind.toUpperCase(), { bold: true, align: 'right' }),
    { type: 'rule', y: 80 },
    text(left, 95, textWidth, 18, 'PRODUCT'),
    text(left, 116, textWidth, 44, data.productCode, { bold: true, whole: true }),
    text(left, 164, textWidth, 26, data.productName, { lines: 2 }),
    text(left, 226, textWidth, 18, 'LOT'),
    text(left, 247, textWidth, 44, data.lot, { bold: true, whole: true }),
    text(left, 299, textWidth, 18, 'QUANTITY'),
    text(left, 320, textWidth, 36, `${data.quantity} cartridges`, { bold: true }),
  ];
  if (data.contents) items.push(text(left, 360, textWidth, 24, data.contents));
  const dates = [`PROD ${data.productionDate}`];
  if (data.expiryDate) dates.push(`EXP ${data.expiryDate}`);
  items.push(text(left, 392, textWidth, 24, dates.join('   ')));
  const hazard = hazardText(data);
  if (hazard) items.push(text(left, 424, textWidth, 30, hazard, { bold: true, whole: true }));

  items.push({
    type: 'gs1datamatrix',
    x: COLUMN_X,
    y: 95,
    module: MATRIX_MODULE,
    elements: barcodes.matrix,
  });
  barcodes.matrix.forEach(({ ai, value }, i) => {
    const line = `(${ai})${value}`;
    items.push(
      text(COLUMN_X, 95 + MATRIX_SPAN + 4 + i * 22, MATRIX_SPAN, 18, line, { whole: true }),
    );
  });
  items.push({ type: 'rule', y: 480 });

  // The other GS1-128s share the space between the rules and one X, the widest all allow.
  const plans = barcodes.linear.map((group) => zplCode128(gs1DataString(group)));
  const module = Math.min(...plans.map((plan) => fittingModule(plan.modules, LINEAR_MODULES) ?? 2));
  const slot = (830 - 490) / Math.max(1, plans.length);
  const barHeight = Math.min(150, Math.floor(slot - 40));
  barcodes.linear.forEach((group, i) => {
    const y = 490 + Math.round(i * slot);
    const plan = plans[i] as Code128Plan;
    items.push({ type: 'gs1-128', y, module, height: barHeight, elements: group, plan });
    items.push(
      text(left, y + barHeight + 6, full, 24, humanReadable(group), {
        align: 'center',
        whole: true,
      }),
    );
  });
  items.push({ type: 'rule', y: 840 });

  items.push(text(left, 852, full, 22, 'SSCC'));
  items.push({
    type: 'gs1-128',
    y: 880,
    module: SSCC_MODULE,
    height: SSCC_HEIGHT,
    elements: barcodes.sscc,
    plan: zplCode128(gs1DataString(barcodes.sscc)),
  });
  items.push(
    text(left, 880 + SSCC_HEIGHT + 8, full, 34, humanReadable(barcodes.sscc), {
      bold: true,
      whole: true,
      align: 'center',
    }),
  );
  return items;
}

// ---------------------------------------------------------------------------------------------
// ZPL

/**
 * Text for a field under ^FH\ (hex escapes introduced by a backslash): the characters ZPL would
 * read as commands (^ and ~), the indicator itself and control characters become \XX.
 */
function zplHex(value: string): string {
  return value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
    /[\\^~\x00-\x1f\x7f]/g,
    (char) => `\\${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** A rough fit for ZPL's font 0, whose average character is about 0.55 of its height wide. */
function zplClip(value: string, size: number, width: number, lines: number): string {
  const room = Math.floor((width / (size * 0.55)) * lines);
  return value.length <= room ? value : `${value.slice(0, Math.max(0, room - 3))}...`;
}

const ZPL_ALIGN: Record<Align, string> = { left: 'L', right: 'R', center: 'C' };

/**
 * GS1 DataMatrix in ZPL: ^BX quality 200 (ECC 200) with the escape character set to "_" in its
 * last parameter, as Zebra advises because firmware defaults differ (knowledge article above).
 * "_1" is FNC1; the leading one marks the symbol as GS1. Separators are the ASCII GS byte, sent as
 * the hex escape \1D under ^FH\: ISO/IEC 16022 §5.2.4.6 has a reader transmit a separator FNC1 as
 * GS, so the scanned data is the same. ^FH runs before the escape processing; with "\" as its
 * indicator the two kinds of escape stay apart, and a literal "_" in the data is written "__".
 */
function zplDataMatrixField(elements: ElementString[]): string {
  return `_1${zplHex(gs1DataString(elements).replaceAll('_', '__'))}`;
}

function zplItem(item: LayoutItem): string {
  switch (item.type) {
    case 'text': {
      const value = zplHex(zplClip(item.text, item.size, item.width, item.lines));
      // Font 0 has no bold face: bold text is set at full width, the rest a little narrower.
      const font = item.bold
        ? `^A0N,${item.size},${item.size}`
        : `^A0N,${item.size},${Math.round(item.size * 0.85)}`;
      return `^FO${item.x},${item.y}${font}^FB${item.width},${item.lines},0,${ZPL_ALIGN[item.align]}^FH\\^FD${value}^FS`;
    }
    case 'rule':
      return `^FO${MARGIN},${item.y}^GB${WIDTH - 2 * MARGIN},3,3^FS`;
    case 'gs1-128': {
      const x = Math.round((WIDTH - item.plan.modules * item.module) / 2);
      // ^BCo,h,f,g,e,m: no printed interpretation line (the layout prints its own), no UCC
      // check digit (GS1 data carries its own), mode N so the invocation codes are taken as is.
      return `^FO${x},${item.y}^BY${item.module}^BCN,${item.height},N,N,N,N^FD${item.plan.field}^FS`;
    }
    case 'gs1datamatrix':
      return `^FO${item.x},${item.y}^BXN,${item.module},200,,,,_^FH\\^FD${zplDataMatrixField(item.elements)}^FS`;
  }
}

/** One ^XA…^XZ per label, 203 dpi, 4x6 inch. */
export function labelZpl(labels: LabelData[]): string {
  const checked = checkLabels(labels);
  return labels
    .map((label, i) => {
      const items = labelLayout(label, checked[i] as ElementString[]);
      // ^CI28: field data is UTF-8. ^PW/^LL: the 4 × 6 in label in dots.
      return [
        '^XA',
        '^CI28',
        `^PW${WIDTH}`,
        `^LL${HEIGHT}`,
        '^LH0,0',
        ...items.map(zplItem),
        '^XZ',
      ].join('\n');
    })
    .join('\n')
    .concat('\n');
}

// ---------------------------------------------------------------------------------------------
// Barcode images (bwip-js) and the PDF (pdfkit)

/**
 * bwip-js's GS1 encoders take the bracketed form "(10)…" and check every AI's value (GS1 lint).
 * With `parse` on, "^NNN" stands for a character, which lets a lot hold the "(" and ")" that
 * character set 82 allows without ending the value.
 */
function bwipText(elements: readonly ElementString[]): string {
  return elements
    .map(({ ai, value }) => {
      const escaped = value.replace(
        /[()^]/g,
        (char) => `^${char.charCodeAt(0).toString().padStart(3, '0')}`,
      );
      return `(${ai})${escaped}`;
    })
    .join('');
}

async function renderBarcode(
  kind: BarcodeKind,
  elements: readonly ElementString[],
  scale: number,
  quietZone: boolean,
): Promise<Buffer> {
  gs1DataString([...elements]);
  // bwip-js units: a GS1-128 module is 1, a DataMatrix module 2; `scale` pixels each. Quiet
  // zones: 10 modules for Code 128 (ISO/IEC 15417), 1 for Data Matrix (ISO/IEC 16022), given 2.
  const unitsPerModule = kind === 'gs1-128' ? 1 : 2;
  const padding = quietZone ? (kind === 'gs1-128' ? QUIET_MODULES : 2) * unitsPerModule : 0;
  // GS1's mandatory associations (a lot or a date needs a GTIN beside it) hold for the label as a
  // whole, which spreads its data over several symbols, and cannot hold at all for a material
  // without a GTIN; bwip-js checks every other rule (check digits, dates, character sets).
  // `lintreqs` is a BWIPP option that bwip-js's types do not list, hence the typed variable.
  const options: bwipjs.RenderOptions & { lintreqs: boolean } = {
    bcid: kind,
    text: bwipText(elements),
    parse: true,
    lintreqs: false,
    scale,
    // Bar height in mm, for the linear symbol only (a DataMatrix is square).
    ...(kind === 'gs1-128' ? { height: 12 } : {}),
    includetext: false,
    backgroundcolor: 'FFFFFF',
    paddingwidth: padding,
    paddingheight: padding,
  };
  try {
    return await bwipjs.toBuffer(options);
  } catch (error) {
    throw invalid(
      'barcode_not_made',
      'the {{symbology}} symbol for {{data}} cannot be made: {{reason}}',
      { symbology: kind, data: humanReadable([...elements]), reason: String(error) },
    );
  }
}

/** A PNG of the symbol with its quiet zone, on white, 3 px per module (GS1-128) or 8 (DataMatrix). */
export async function barcodePng(kind: BarcodeKind, elements: ElementString[]): Promise<Buffer> {
  return renderBarcode(kind, elements, kind === 'gs1-128' ? 3 : 4, true);
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const POINTS_PER_DOT = 72 / DOTS_PER_INCH;
const pt = (dots: number) => dots * POINTS_PER_DOT;
// bwip-js draws this many pixels per module for the PDF; the image is then scaled to the X the
// layout chose, so the PDF bars have the same width as the ZPL ones.
const PDF_RENDER_SCALE = 4;

async function pdfItem(doc: PDFKit.PDFDocument, item: LayoutItem): Promise<void> {
  switch (item.type) {
    case 'text':
      doc
        .font(item.bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(pt(item.size))
        .text(item.text, pt(item.x), pt(item.y), {
          width: pt(item.width),
          height: pt(item.size) * 1.2 * item.lines,
          align: item.align,
          ellipsis: true,
          lineBreak: item.lines > 1,
        });
      return;
    case 'rule':
      doc
        .lineWidth(pt(3))
        .moveTo(pt(MARGIN), pt(item.y + 1.5))
        .lineTo(pt(WIDTH - MARGIN), pt(item.y + 1.5))
        .stroke();
      return;
    case 'gs1-128': {
      const png = await renderBarcode('gs1-128', item.elements, PDF_RENDER_SCALE, false);
      const modules = pngSize(png).width / PDF_RENDER_SCALE;
      const width = Math.min(modules * item.module, LINEAR_SPAN - 2 * QUIET_MODULES * item.module);
      doc.image(png, pt((WIDTH - width) / 2), pt(item.y), {
        width: pt(width),
        height: pt(item.height),
      });
      return;
    }
    case 'gs1datamatrix': {
      const png = await renderBarcode('gs1datamatrix', item.elements, PDF_RENDER_SCALE, false);
      const modules = pngSize(png).width / (2 * PDF_RENDER_SCALE);
      const size = Math.min(modules * item.module, MATRIX_SPAN);
      doc.image(png, pt(item.x), pt(item.y), { width: pt(size), height: pt(size) });
      return;
    }
  }
}

/** One 4 × 6 in page per label. */
export async function labelPdf(labels: LabelData[]): Promise<Buffer> {
  const checked = checkLabels(labels);
  const doc = new PDFDocument({
    autoFirstPage: false,
    info: { Title: `Lotline labels (${labels.length})`, Producer: 'Lotline' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  for (const [i, label] of labels.entries()) {
    doc.addPage({ size: [pt(WIDTH), pt(HEIGHT)], margin: 0 });
    for (const item of labelLayout(label, checked[i] as ElementString[])) {
      await pdfItem(doc, item);
    }
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
