import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// DejaVu Sans (shipped as an npm package) covers Latin, Greek and Cyrillic, so "Дмитрий" or
// "Ελένη" print as written; the 14 standard PDF fonts speak only WinAnsi.
const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  oblique: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
};

/**
 * The one-page networking sheet as a PDF (seed 004: "show them your Target Company list and
 * ask if they have any contacts"). Pure: plain data in, the PDF bytes out. Whatever the data,
 * it stays one page: long texts are cut with an ellipsis and targets that do not fit are
 * counted in a "+N more" line.
 */

export interface SheetPdfData {
  name: string;
  email: string;
  phone: string;
  headline: string;
  pitchShort: string;
  pitchLong: string;
  skills: string[];
  idealPosition: { roles: string[]; responsibilities: string[]; level: string; location: string; remote: string };
  targetDefinition: { industries: string[]; sizes: string[]; positions: string[]; geographies: string[] };
  groups: { label: string; targets: { rank: number; name: string; location: string | null }[] }[];
  more: number;
  generatedOn: string;
}

const TEAL = '#0b7285';
const GREY = '#495057';
const INK = '#212529';
const REMOTE_WORDS: Record<string, string> = { onsite: 'on site', hybrid: 'hybrid', remote: 'remote', any: '' };

/** Whitespace of any kind becomes a plain space (tabs and the like have no glyph). */
function pdfText(value: string): string {
  return value.replace(/\s/g, (c) => (c === '\n' ? c : ' '));
}

export function writeNetworkingSheet(data: SheetPdfData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 48, bottom: 40, left: 54, right: 54 },
    info: { Title: `${pdfText(data.name || 'My')} - networking sheet`, Creator: 'Rapport', CreationDate: new Date(`${data.generatedOn}T12:00:00Z`) },
    autoFirstPage: true,
    // The same bytes for the same data (no random document id tied to the clock).
    compress: true,
  });
  doc.registerFont('Sans', FONTS.regular);
  doc.registerFont('Sans-Bold', FONTS.bold);
  doc.registerFont('Sans-Oblique', FONTS.oblique);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const footerHeight = 34;
  const limit = bottom - footerHeight;
  let y = doc.page.margins.top;

  const write = (text: string, opts: { size: number; font?: string; color?: string; maxLines?: number; gap?: number; x?: number; w?: number }) => {
    const t = pdfText(text);
    doc.font(opts.font ?? 'Sans').fontSize(opts.size).fillColor(opts.color ?? INK);
    const w = opts.w ?? width;
    const lineHeight = doc.currentLineHeight(true);
    const room = Math.max(0, limit - y);
    const maxHeight = Math.min(room, (opts.maxLines ?? 100) * lineHeight + 1);
    if (maxHeight < lineHeight) return false;
    const height = Math.min(doc.heightOfString(t, { width: w }), maxHeight);
    doc.text(t, opts.x ?? left, y, { width: w, height, ellipsis: true, lineBreak: true });
    y += height + (opts.gap ?? 4);
    return true;
  };
  const heading = (text: string) => {
    if (y + 30 > limit) return false;
    y += 6;
    write(text.toUpperCase(), { size: 9.5, font: 'Sans-Bold', color: TEAL, gap: 2 });
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor('#99e9f2').stroke();
    y += 5;
    return true;
  };

  // Who: name, headline, email.
  write(data.name || 'My networking sheet', { size: 20, font: 'Sans-Bold', gap: 2 });
  if (data.headline) write(data.headline, { size: 11.5, color: GREY, maxLines: 2, gap: 1 });
  const reach = [data.email, data.phone].filter(Boolean).join(' · ');
  if (reach) write(reach, { size: 9.5, color: GREY, gap: 2 });

  const pitch = data.pitchShort || data.pitchLong;
  if (pitch) {
    heading('In a few words');
    write(pitch, { size: 11, maxLines: data.pitchShort ? 5 : 7, gap: 2 });
  }

  const ideal = data.idealPosition;
  const idealFacts = [ideal.level, ideal.location, REMOTE_WORDS[ideal.remote] ?? ''].filter(Boolean).join(' · ');
  if (ideal.roles.length > 0 || ideal.responsibilities.length > 0 || idealFacts) {
    heading('Ideal position');
    if (ideal.roles.length > 0) write(ideal.roles.join(' · '), { size: 11, font: 'Sans-Bold', maxLines: 2, gap: 1 });
    if (idealFacts) write(idealFacts.replace(/·/g, '-'), { size: 9.5, color: GREY, gap: 2 });
    for (const r of ideal.responsibilities.slice(0, 5)) write(`- ${r}`, { size: 10, maxLines: 2, gap: 1 });
  }
  if (data.skills.length > 0) {
    heading('Skills and abilities');
    write(data.skills.slice(0, 30).join(', '), { size: 10, maxLines: 3 });
  }

  // The target list, in two columns, grouped and ranked.
  const def = data.targetDefinition;
  const defLine = [def.industries.join(', '), def.sizes.join(', '), def.positions.join(', '), def.geographies.join(', ')].filter(Boolean).join(' - ');
  const totalTargets = data.groups.reduce((n, g) => n + g.targets.length, 0);
  let left_off = data.more;
  if (heading('My target companies')) {
    if (defLine) write(`Looking at: ${defLine}`, { size: 9.5, color: GREY, maxLines: 2 });
    if (totalTargets === 0) write('No target companies yet.', { size: 10, color: GREY });
    const colGap = 18;
    const colWidth = (width - colGap) / 2;
    doc.font('Sans').fontSize(10);
    const rowHeight = doc.currentLineHeight(true) + 2.5;
    for (const group of data.groups) {
      if (y + rowHeight * 2 > limit) {
        left_off += group.targets.length;
        continue;
      }
      if (data.groups.length > 1 || group.label) write(group.label, { size: 10, font: 'Sans-Bold', color: GREY, gap: 2 });
      const perColumn = Math.ceil(group.targets.length / 2);
      const fits = Math.max(0, Math.floor((limit - y) / rowHeight));
      const rows = Math.min(perColumn, fits);
      group.targets.forEach((t, i) => {
        const column = i < perColumn ? 0 : 1;
        const row = column === 0 ? i : i - perColumn;
        if (row >= rows) {
          left_off += 1;
          return;
        }
        const x = left + column * (colWidth + colGap);
        const label = `${t.rank}. ${t.name}${t.location ? ` (${t.location})` : ''}`;
        doc.font('Sans').fontSize(10).fillColor(INK).text(pdfText(label), x, y + row * rowHeight, { width: colWidth, height: rowHeight, ellipsis: true, lineBreak: false });
      });
      y += rows * rowHeight + 6;
    }
    if (left_off > 0) write(`+ ${left_off} more on my list`, { size: 9.5, color: GREY });
  }

  // The asks, at the foot of the page (seed 004).
  doc
    .font('Sans-Oblique')
    .fontSize(9.5)
    .fillColor(GREY)
    .text(pdfText('Do you know someone at one of these companies? Is a company missing from my list? Thank you for your help.'), left, bottom - footerHeight + 8, {
      width,
      height: footerHeight - 8,
      ellipsis: true,
    });
  doc.end();
  return done;
}
