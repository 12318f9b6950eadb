/**
 * PDFs written by hand, object by object: exactly what a test needs and nothing a producer adds. Text is in two
 * fonts, F1 STSong-Light (not embedded: a reader needs its CMaps) and F2 Helvetica; positions are in points from
 * the top-left of an A4 page.
 */
export const PAGE_W = 595;
export const PAGE_H = 842;

/** A minimal PDF file: numbered objects, a cross-reference table and a trailer. */
export class PdfFile {
  private readonly objects: string[] = [];

  /** Reserves an object number to fill in later (a parent that must name its children). */
  reserve(): number {
    this.objects.push('null');
    return this.objects.length;
  }

  set(n: number, body: string) {
    this.objects[n - 1] = body;
  }

  add(body: string): number {
    const n = this.reserve();
    this.set(n, body);
    return n;
  }

  stream(dict: string, data: string): number {
    return this.add(`<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`);
  }

  bytes(root: number): Buffer {
    let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
    const offsets: number[] = [];
    this.objects.forEach((body, i) => {
      offsets.push(Buffer.byteLength(out, 'latin1'));
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = Buffer.byteLength(out, 'latin1');
    out += `xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n`;
    for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
    out += `trailer\n<< /Size ${this.objects.length + 1} /Root ${root} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  }
}

/**
 * A document of pages sharing two fonts, F1 STSong-Light (not embedded: pdfjs needs its CMaps) and F2 Helvetica,
 * and the XObjects `xobjects` adds (by name).
 */
export function writePdf(pages: string[], xobjects: (f: PdfFile) => Record<string, number> = () => ({}), rotate = 0): Buffer {
  const f = new PdfFile();
  const catalog = f.reserve();
  const tree = f.reserve();
  const song = f.add(
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 ' +
      '/BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor ' +
      '/FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> >>] >>',
  );
  const helvetica = f.add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const named = Object.entries(xobjects(f))
    .map(([name, n]) => `/${name} ${n} 0 R`)
    .join(' ');
  const kids = pages.map((page) => {
    const content = f.stream('', page);
    return f.add(
      `<< /Type /Page /Parent ${tree} 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Rotate ${rotate} /Contents ${content} 0 R ` +
        `/Resources << /Font << /F1 ${song} 0 R /F2 ${helvetica} 0 R >> /XObject << ${named} >> >> >>`,
    );
  });
  f.set(tree, `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
  f.set(catalog, `<< /Type /Catalog /Pages ${tree} 0 R >>`);
  return f.bytes(catalog);
}

/** PDF y (up from the bottom) of a y down from the top. */
export const up = (y: number) => PAGE_H - y;

/** Chinese text in F1 at (x, baseline y from the top): UCS-2 codes, as UniGB-UCS2-H wants them. */
export function cjk(text: string, x: number, y: number, size = 10): string {
  const hex = Array.from(text, (ch) => ch.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
  return `BT /F1 ${size} Tf 1 0 0 1 ${x} ${up(y)} Tm <${hex}> Tj ET\n`;
}

export function latin(text: string, x: number, y: number, size = 10): string {
  return `BT /F2 ${size} Tf 1 0 0 1 ${x} ${up(y)} Tm (${text}) Tj ET\n`;
}

/** A stroked grid: every row and column rule, all in top-left coordinates. */
export function grid(xs: number[], ys: number[]): string {
  let s = '0.5 w\n';
  for (const y of ys) s += `${xs[0]} ${up(y)} m ${xs.at(-1)} ${up(y)} l S\n`;
  for (const x of xs) s += `${x} ${up(ys[0]!)} m ${x} ${up(ys.at(-1)!)} l S\n`;
  return s;
}
