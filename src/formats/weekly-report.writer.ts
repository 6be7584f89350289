import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { WeeklyReport } from '../contracts/coaching.schema.js';

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

const TEAL = '#0b7285';
const GREY = '#495057';
const INK = '#212529';

function pdfText(value: string): string {
  return value.replace(/\s/g, (c) => (c === '\n' ? c : ' '));
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/**
 * A coach's weekly report on one client as a printable PDF, like the networking sheet: pure,
 * plain data in and the bytes out, one page; long lists are cut with a "+N more" line.
 */
export function writeWeeklyReport(report: WeeklyReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 48, bottom: 40, left: 54, right: 54 },
    info: { Title: `${pdfText(report.client.displayName)} - week of ${report.weekStart}`, Creator: 'Rapport', CreationDate: new Date(`${report.weekEnd}T12:00:00Z`) },
    compress: true,
  });
  doc.registerFont('Sans', FONTS.regular);
  doc.registerFont('Sans-Bold', FONTS.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 108;
  const heading = (text: string) => {
    doc.moveDown(0.8).font('Sans-Bold').fontSize(12).fillColor(TEAL).text(text.toUpperCase(), { width });
    doc.moveDown(0.2);
  };
  const line = (label: string, value: string) => {
    doc.font('Sans').fontSize(10.5).fillColor(GREY).text(`${label}: `, { continued: true, width }).fillColor(INK).text(pdfText(value));
  };

  doc.font('Sans-Bold').fontSize(20).fillColor(INK).text(pdfText(cut(report.client.displayName, 60)), { width });
  doc.font('Sans').fontSize(11).fillColor(GREY).text(`Weekly report, ${report.weekStart} to ${report.weekEnd} · from ${pdfText(cut(report.coach, 60))}`, { width });

  const h = report.health;
  heading('Search health');
  line('Things in the works', `${h.inTheWorks.count} (healthy: ${h.inTheWorks.min}–${h.inTheWorks.max}, ${h.inTheWorks.status})`);
  line('Days since the last interview', h.daysSinceLastInterview === null ? 'no interview yet' : String(h.daysSinceLastInterview));
  line('Next interview', h.nextInterviewInDays === null ? 'none scheduled' : `in ${h.nextInterviewInDays} days`);
  line('Overdue actions', String(h.overdueActions));

  heading('This week against the goals');
  const goals = h.activity.goals;
  line('New contacts', `${report.thisWeek.newContacts} of ${goals.newContactsPerWeek}`);
  line('Conversations', `${report.thisWeek.conversations} of ${goals.conversationsPerWeek}`);
  line('Actions done', `${report.thisWeek.actionsDone} of ${goals.actionsDonePerWeek}`);

  heading('Funnel');
  line('So far', h.funnel.map((step) => `${step.label} ${step.count}`).join(' → '));
  line('Interviews by source', h.interviews.bySource.length === 0 ? 'none yet' : h.interviews.bySource.map((s) => `${s.source} ${s.count}`).join(', '));

  heading('Suggested actions');
  const shown = report.suggestions.slice(0, 8);
  if (shown.length === 0) doc.font('Sans').fontSize(10.5).fillColor(GREY).text('None this week.', { width });
  for (const s of shown) {
    doc.font('Sans').fontSize(10.5).fillColor(INK).text(`${s.status === 'done' ? '✓' : '•'} ${pdfText(cut(s.title, 90))} (due ${s.dueOn}, ${s.status})`, { width });
  }
  if (report.suggestions.length > shown.length) doc.fillColor(GREY).text(`+${report.suggestions.length - shown.length} more`, { width });

  if (report.opportunities) {
    heading('Opportunities');
    const opps = report.opportunities.slice(0, 12);
    if (opps.length === 0) doc.font('Sans').fontSize(10.5).fillColor(GREY).text('None yet.', { width });
    for (const o of opps) doc.font('Sans').fontSize(10.5).fillColor(INK).text(`${pdfText(cut(o.title, 60))}${o.organization ? ` · ${pdfText(cut(o.organization, 40))}` : ''} — ${o.stage}`, { width });
    if (report.opportunities.length > opps.length) doc.fillColor(GREY).text(`+${report.opportunities.length - opps.length} more`, { width });
  }
  doc.end();
  return done;
}
