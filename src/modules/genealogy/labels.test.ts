// Labels: every barcode is decoded by a real reader (ZXing-C++, as WebAssembly) and must give back
// the GS1 data it was made from; the ZPL's barcode fields are decoded too, after turning their
// Zebra escapes into symbols; the PDF is read for its pages, text and images.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import bwipjs from 'bwip-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { type ElementString, gs1DataString, logisticElements, parseGs1DataString } from './gs1.js';
import { barcodePng, type LabelData, labelBarcodes, labelPdf, labelZpl } from './labels.js';

const GS = '\x1d';

const pallet: LabelData = {
  kind: 'pallet',
  sscc: '106141412345678908',
  lot: 'LTL27C001-004',
  gtin: '10614141000415',
  quantity: 660,
  productCode: 'C762-BALL',
  productName: '7.62 × 51 mm Ball, M80',
  productionDate: '2027-03-01',
  expiryDate: '2037-02-28',
  siteName: 'Plant Norte',
  hazard: { unNumber: 'UN0012', division: '1.4', compatibilityGroup: 'S' },
  netExplosiveKg: 1.98,
  contents: '2 latas × 330',
};

// No GTIN, and a 20-character lot with the charset-82 characters that ZPL, bwip-js and the
// bracketed AI syntax each treat specially: ">", "_", "(" and ")".
const crate: LabelData = {
  kind: 'crate',
  sscc: '006141410000000012',
  lot: 'LTL27C>01_004(R1)ABC',
  quantity: 330,
  productCode: 'C556-BALL',
  productName: '5.56 mm Ball',
  productionDate: '2027-03-02',
  siteName: 'Plant Norte',
};

beforeAll(() => {
  // The reader's WebAssembly comes from node_modules; by default it would be fetched from a CDN.
  const wasm = readFileSync(
    createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'),
  );
  prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(wasm).buffer } });
});

interface Decoded {
  format: string;
  symbology: string;
  text: string;
}

async function decode(png: Buffer): Promise<Decoded[]> {
  const results = await readBarcodes(new Uint8Array(png), {
    formats: ['Code128', 'DataMatrix'],
    textMode: 'Plain',
    maxNumberOfSymbols: 4,
  });
  return results.map((r) => ({ format: r.format, symbology: r.symbologyIdentifier, text: r.text }));
}

function barcodesOf(label: LabelData) {
  return labelBarcodes(logisticElements(label));
}

describe('barcodes, decoded', () => {
  for (const label of [pallet, crate]) {
    it(`the ${label.kind} label's GS1-128s read back as their GS1 data`, async () => {
      const { sscc, linear } = barcodesOf(label);
      for (const elements of [sscc, ...linear]) {
        const decoded = await decode(await barcodePng('gs1-128', elements));
        // ]C1: Code 128 with FNC1 in first position, i.e. GS1-128 (ISO/IEC 15424).
        expect(decoded).toEqual([
          { format: 'Code128', symbology: ']C1', text: gs1DataString(elements) },
        ]);
        expect(parseGs1DataString(decoded[0]!.text)).toEqual(elements);
      }
    });

    it(`the ${label.kind} label's GS1 DataMatrix reads back as all its elements`, async () => {
      const { matrix } = barcodesOf(label);
      const decoded = await decode(await barcodePng('gs1datamatrix', matrix));
      expect(decoded).toEqual([
        { format: 'DataMatrix', symbology: ']d2', text: gs1DataString(matrix) },
      ]);
      expect(parseGs1DataString(decoded[0]!.text)).toEqual(logisticElements(label));
    });
  }

  it('puts the SSCC alone in its own GS1-128, the rest in symbols of at most 48 characters', () => {
    for (const label of [pallet, crate]) {
      const elements = logisticElements(label);
      const { sscc, linear, matrix } = barcodesOf(label);
      expect(sscc).toEqual([{ ai: '00', value: label.sscc }]);
      expect(linear.flat()).toEqual(elements.slice(1));
      for (const group of linear) expect(gs1DataString(group).length).toBeLessThanOrEqual(48);
      expect(matrix).toEqual(elements);
    }
    // (02)(37)(10)(11)(17) of the pallet are 54 characters: two symbols.
    expect(barcodesOf(pallet).linear.map((g) => g.map((e) => e.ai))).toEqual([
      ['02', '37', '10'],
      ['11', '17'],
    ]);
  });

  it('refuses to draw a value its AI does not allow', async () => {
    await expect(barcodePng('gs1-128', [{ ai: '11', value: '271301' }])).rejects.toThrow(/YYMMDD/);
  });
});

// ---------------------------------------------------------------------------------------------
// ZPL: the fields as a Zebra printer would read them.

function zplBlocks(zpl: string): string[] {
  return zpl.split('^XZ').filter((block) => block.trim() !== '');
}

function fieldsOf(block: string, command: RegExp): string[] {
  const found: string[] = [];
  for (const match of block.matchAll(new RegExp(`${command.source}[^\\n]*?\\^FD(.*?)\\^FS`, 'g'))) {
    found.push(match[1]!);
  }
  return found;
}

/**
 * A ^BC mode N field as Code 128 symbol values, by Zebra's table of invocation codes: ">;" start C,
 * ">8" FNC1, ">6" code B, ">5" code C, "><" a ">" in B. Digits pair up in C; B is ASCII − 32.
 */
function code128Values(field: string): number[] {
  const values: number[] = [];
  let subset: 'B' | 'C' | undefined;
  for (let i = 0; i < field.length; ) {
    if (field[i] === '>') {
      const code = field[i + 1];
      i += 2;
      if (code === ';' || code === '5') {
        values.push(code === ';' ? 105 : 99);
        subset = 'C';
      } else if (code === '6') {
        values.push(100);
        subset = 'B';
      } else if (code === '8') {
        values.push(102);
      } else if (code === '<' && subset === 'B') {
        values.push('>'.charCodeAt(0) - 32);
      } else {
        throw new Error(`unexpected invocation >${code} in ${field}`);
      }
    } else if (subset === 'C') {
      const pair = field.slice(i, i + 2);
      if (!/^\d\d$/.test(pair)) throw new Error(`"${pair}" in subset C of ${field}`);
      values.push(Number(pair));
      i += 2;
    } else if (subset === 'B') {
      values.push(field.charCodeAt(i) - 32);
      i += 1;
    } else {
      throw new Error(`data before a start code in ${field}`);
    }
  }
  return values;
}

/** Symbol values drawn as they are (bwip-js adds the check character and stop), then decoded. */
async function decodeZplCode128(field: string): Promise<Decoded[]> {
  const text = code128Values(field)
    .map((value) => `^${String(value).padStart(3, '0')}`)
    .join('');
  // `raw` (the data are symbol values) is a BWIPP option missing from bwip-js's types.
  const options: bwipjs.RenderOptions & { raw: boolean } = {
    bcid: 'code128',
    text,
    raw: true,
    ...quiet,
  };
  return decode(await bwipjs.toBuffer(options));
}

/** A ^BX field under ^FH\ with "_" as escape: hex escapes first, then "_1" FNC1 and "__". */
async function decodeZplDataMatrix(field: string): Promise<Decoded[]> {
  const bytes = field.replace(/\\([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  const text = bytes.replace(/_(1|_)/g, (_, code: string) => (code === '1' ? '^FNC1' : '_'));
  return decode(await bwipjs.toBuffer({ bcid: 'datamatrix', text, parsefnc: true, ...quiet }));
}

const quiet = { scale: 3, paddingwidth: 12, paddingheight: 12, backgroundcolor: 'FFFFFF' };

describe('labelZpl', () => {
  // The third lot has odd and even digit runs inside text, for Code 128's subset switching.
  const labels = [pallet, crate, { ...pallet, lot: 'A12345B678901C' }];
  const zpl = labelZpl(labels);
  const blocks = zplBlocks(zpl);

  it('writes one ^XA…^XZ format per label, 4 × 6 in at 203 dpi', () => {
    expect(zpl.match(/\^XA/g)).toHaveLength(3);
    expect(zpl.match(/\^XZ/g)).toHaveLength(3);
    expect(blocks).toHaveLength(3);
    for (const block of blocks) {
      expect(block.trim().startsWith('^XA')).toBe(true);
      expect(block).toContain('^CI28');
      expect(block).toContain('^PW812');
      expect(block).toContain('^LL1218');
    }
  });

  it('carries the SSCC alone in a GS1-128: start C, FNC1, then (00) in digit pairs', () => {
    expect(blocks[0]).toContain('^BY4^BCN,250,N,N,N,N^FD>;>800106141412345678908^FS');
    expect(blocks[1]).toContain('^BY4^BCN,250,N,N,N,N^FD>;>800006141410000000012^FS');
  });

  it('switches subsets for the other GS1-128s and separates variable fields with FNC1', () => {
    expect(fieldsOf(blocks[0]!, /\^BC/)).toEqual([
      '>;>802106141410004153766>60>810LTL27C001-004',
      '>;>81127030117370228',
      '>;>800106141412345678908',
    ]);
    // The ">" of the lot is written "><" so the printer takes it as a character.
    expect(fieldsOf(blocks[1]!, /\^BC/)[0]).toBe('>;>810>6LTL27C><01_004(R1)ABC>8>511270302');
    // Runs of 4 or more digits go to subset C, an odd run after one digit in B.
    expect(fieldsOf(blocks[2]!, /\^BC/)[0]).toBe(
      '>;>802106141410004153766>60>810A1>52345>6B>5678901>6C',
    );
  });

  it('carries every element in the DataMatrix, GS as the ^FH escape \\1D', () => {
    expect(blocks[0]).toContain(
      '^BXN,6,200,,,,_^FH\\^FD_100106141412345678908021061414100041537660\\1D10LTL27C001-004\\1D1127030117370228^FS',
    );
    // "_" is the ^BX escape character, so the lot's own underscore is doubled.
    expect(fieldsOf(blocks[1]!, /\^BX/)).toEqual([
      '_10000614141000000001210LTL27C>01__004(R1)ABC\\1D11270302',
    ]);
  });

  it('encodes fields that decode to the GS1 data of each barcode', async () => {
    for (const [i, label] of labels.entries()) {
      const { sscc, linear, matrix } = barcodesOf(label);
      const linearFields = fieldsOf(blocks[i]!, /\^BC/);
      const expected = [...linear, sscc].map((elements) => gs1DataString(elements));
      const decoded: string[] = [];
      for (const field of linearFields) {
        const [symbol] = await decodeZplCode128(field);
        expect(symbol?.symbology).toBe(']C1');
        decoded.push(symbol!.text);
      }
      expect(decoded).toEqual(expected);

      const [matrixField] = fieldsOf(blocks[i]!, /\^BX/);
      const [symbol] = await decodeZplDataMatrix(matrixField!);
      expect(symbol).toEqual({
        format: 'DataMatrix',
        symbology: ']d2',
        text: gs1DataString(matrix),
      });
    }
  });

  it('prints the human-readable text under the barcodes and the label text', () => {
    const text = blocks[0]!;
    for (const line of [
      '(02)10614141000415(37)660(10)LTL27C001-004',
      '(11)270301(17)370228',
      '(00)106141412345678908',
      'LTL27C001-004',
      'C762-BALL',
      '660 cartridges',
      'PROD 2027-03-01   EXP 2037-02-28',
      'UN0012 1.4S   NEQ 1.98 kg',
      '2 latas × 330',
      'PALLET',
    ]) {
      expect(text).toContain(`^FD${line}^FS`);
    }
  });

  it("escapes ZPL's command characters in text", () => {
    const [block] = zplBlocks(labelZpl([{ ...pallet, productName: 'A^XZ~JA\\B' }]));
    expect(block).toContain('^FDA\\5EXZ\\7EJA\\5CB^FS');
    expect(block!.match(/\^XZ/g)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// PDF

/** The text shown by a pdfkit PDF: its content streams inflated, the hex strings of TJ decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const shown: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[(.*?)\] TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)].map((m) => m[1]).join('');
      shown.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return shown.join('\n');
}

describe('labelPdf', () => {
  it('makes one 4 × 6 in page per label with the text and a picture of every barcode', async () => {
    const pdf = await labelPdf([pallet, crate]);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(2);
    expect(raw.match(/\/MediaBox \[0 0 288 432\]/g)).toHaveLength(2);

    const text = pdfText(pdf);
    for (const line of [
      'PALLET',
      'CRATE',
      'LTL27C001-004',
      'LTL27C>01_004(R1)ABC',
      '(00)106141412345678908',
      '(02)10614141000415(37)660(10)LTL27C001-004',
      'UN0012 1.4S   NEQ 1.98 kg',
    ]) {
      expect(text).toContain(line);
    }
    // Each barcode is one RGB image (its alpha channel is a separate grey one).
    const images = raw.match(/\/Subtype \/Image[^>]*\/ColorSpace \/DeviceRGB/g) ?? [];
    const barcodes = [pallet, crate]
      .map((label) => 2 + barcodesOf(label).linear.length)
      .reduce((a, b) => a + b);
    expect(images).toHaveLength(barcodes);
  });
});

// ---------------------------------------------------------------------------------------------
// Bad input

describe('bad input', () => {
  it('names the field that is wrong', async () => {
    const cases: [Partial<LabelData>, RegExp][] = [
      [{ sscc: '106141412345678907' }, /^sscc: /],
      [{ gtin: '1234' }, /^gtin: /],
      [{ lot: 'LOT 1' }, /^lot: /],
      [{ productionDate: '2027-13-01' }, /^productionDate: /],
      [{ expiryDate: '2037-02-30' }, /^expiryDate: /],
      [{ quantity: 2.5 }, /^quantity: /],
      [{ productCode: ' ' }, /^productCode: /],
      [
        { hazard: { unNumber: '12', division: '1.4', compatibilityGroup: 'S' } },
        /^hazard\.unNumber: /,
      ],
      [
        { hazard: { unNumber: 'UN0012', division: '1.7', compatibilityGroup: 'S' } },
        /^hazard\.division: /,
      ],
      [{ netExplosiveKg: -1 }, /^netExplosiveKg: /],
    ];
    for (const [change, message] of cases) {
      const label = { ...pallet, ...change };
      expect(() => labelZpl([label]), JSON.stringify(change)).toThrow(message);
      await expect(labelPdf([label]), JSON.stringify(change)).rejects.toThrow(message);
    }
  });

  it('names the label among several, and prints none of them', async () => {
    const labels = [pallet, { ...crate, sscc: '123' }];
    expect(() => labelZpl(labels)).toThrow(/^labels\[1\]\.sscc: "123" is not an SSCC/);
    await expect(labelPdf(labels)).rejects.toMatchObject({
      kind: 'invalid',
      issues: [{ path: 'labels[1].sscc' }],
    });
    expect(() => labelZpl([])).toThrow(/no labels/);
  });

  it('refuses element strings a barcode cannot carry', async () => {
    const elements: ElementString[] = [{ ai: '10', value: `A${GS}B` }];
    await expect(barcodePng('gs1datamatrix', elements)).rejects.toThrow(/character set 82/);
  });
});
