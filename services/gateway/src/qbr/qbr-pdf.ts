// Lays out a quarterly business review pack as PDF (pdfkit): the quarter's KPIs against their
// targets, a weekly chart per KPI with its target line, and the service credits with their
// arithmetic. Layout only: the figures arrive computed and published (QbrPack).
import type { QbrPack } from '@bvg/domain';
import PDFDocument from 'pdfkit';

type Kpi = QbrPack['totals'][number];

const UNIT_SUFFIX: Record<string, string> = {
  PERCENT: '%',
  MINUTES: ' min',
  SECONDS: ' s',
  POINTS: ' pts',
  SCORE: '',
  CASES: '',
};

/** A published figure as printed: the number as published (no rounding here) and its unit. */
export function figureText(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '—';
  return `${value}${UNIT_SUFFIX[unit] ?? ''}`;
}

const STATUS_TEXT: Record<string, string> = {
  MET: 'Met',
  MISSED: 'Missed',
  NO_TARGET: 'No target',
  NO_DATA: 'No data',
};

const money = (cents: number) => (cents / 100).toFixed(2);
const day = (d: Date) => d.toISOString().slice(0, 10);

const MARGIN = 48;
const INK = '#1a1b1e';
const DIM = '#5c5f66';
const MISSED = '#c92a2a';
const MET = '#2b8a3e';
const LINE = '#1c7ed6';

/** The pack as a PDF document (A4), resolved when pdfkit has written the last byte. */
export function renderQbrPdf(pack: QbrPack, generatedAt = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Quarterly business review — ${pack.vendorName} — ${pack.quarter}`,
      Subject: 'Scorecard, trends and service credits',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  cover(doc, pack, generatedAt);
  kpiTable(doc, pack.totals);
  doc.addPage();
  trends(doc, pack);
  doc.addPage();
  credits(doc, pack);
  doc.end();
  return done;
}

function cover(doc: PDFKit.PDFDocument, pack: QbrPack, generatedAt: Date) {
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text('Quarterly business review');
  doc.font('Helvetica').fontSize(14).text(`${pack.vendorName} — ${pack.quarter}`);
  doc
    .fillColor(DIM)
    .fontSize(9)
    .text(
      `Period ${day(pack.period.start)} to ${day(pack.period.end)} (end excluded, UTC). ` +
        `Figures at published precision, computed from the case events. Generated ${generatedAt.toISOString()}.`,
    );
  doc.moveDown(1);
}

const COLUMNS = [
  { title: 'KPI', width: 190 },
  { title: 'Actual', width: 75 },
  { title: 'Target', width: 75 },
  { title: 'Gap', width: 70 },
  { title: 'Status', width: 85 },
];

function tableRow(doc: PDFKit.PDFDocument, cells: string[], y: number, bold = false, color = INK) {
  let x = MARGIN;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  cells.forEach((cell, i) => {
    const col = COLUMNS[i] ?? { width: 80 };
    doc.fillColor(i === 4 ? color : INK).text(cell, x, y, { width: col.width - 6 });
    x += col.width;
  });
}

function kpiTable(doc: PDFKit.PDFDocument, kpis: readonly Kpi[]) {
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(12).text('The quarter against the contract');
  let y = doc.y + 6;
  tableRow(
    doc,
    COLUMNS.map((c) => c.title),
    y,
    true,
  );
  y += 16;
  doc
    .moveTo(MARGIN, y - 3)
    .lineTo(MARGIN + 495, y - 3)
    .strokeColor('#ced4da')
    .stroke();
  for (const k of kpis) {
    const target =
      k.bounds != null
        ? `${k.bounds.min ?? '—'} to ${k.bounds.max ?? '—'}`
        : figureText(k.target, k.unit);
    tableRow(
      doc,
      [
        k.label,
        figureText(k.actual, k.unit),
        target,
        k.difference == null
          ? '—'
          : `${k.difference > 0 ? '+' : ''}${figureText(k.difference, k.unit)}`,
        STATUS_TEXT[k.status] ?? k.status,
      ],
      y,
      false,
      k.status === 'MISSED' ? MISSED : k.status === 'MET' ? MET : DIM,
    );
    y += 16;
  }
  doc.x = MARGIN;
  doc.y = y + 8;
}

const CHART_W = 230;
const CHART_H = 120;

// pdfkit has no charts; a line per KPI with its target is a few vector strokes.
function chart(
  doc: PDFKit.PDFDocument,
  x: number,
  y: number,
  label: string,
  pack: QbrPack,
  i: number,
) {
  const unit = pack.totals[i]?.unit ?? '';
  const values = pack.weeks.map((w) => w.kpis[i]?.actual ?? null);
  const target = pack.totals[i]?.target ?? null;
  const known = values.filter((v): v is number => v !== null);
  if (target !== null) known.push(target);
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(9).text(label, x, y, { width: CHART_W });
  const top = y + 14;
  const plotX = x + 34;
  const plotW = CHART_W - 40;
  doc.rect(plotX, top, plotW, CHART_H).strokeColor('#dee2e6').lineWidth(0.5).stroke();
  if (known.length === 0) {
    doc
      .fillColor(DIM)
      .font('Helvetica')
      .fontSize(8)
      .text('No data', plotX + 6, top + 6);
    return;
  }
  let lo = Math.min(...known);
  let hi = Math.max(...known);
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const pad = (hi - lo) * 0.1;
  lo -= pad;
  hi += pad;
  const yOf = (v: number) => top + CHART_H - ((v - lo) / (hi - lo)) * CHART_H;
  const step = values.length > 1 ? plotW / (values.length - 1) : 0;
  doc.font('Helvetica').fontSize(7).fillColor(DIM);
  doc.text(figureText(Number(hi.toFixed(1)), unit), x, top - 3, { width: 32, align: 'right' });
  doc.text(figureText(Number(lo.toFixed(1)), unit), x, top + CHART_H - 6, {
    width: 32,
    align: 'right',
  });
  if (target !== null) {
    doc
      .moveTo(plotX, yOf(target))
      .lineTo(plotX + plotW, yOf(target))
      .dash(3, { space: 2 })
      .strokeColor(MISSED)
      .lineWidth(1)
      .stroke()
      .undash();
  }
  let started = false;
  values.forEach((v, j) => {
    if (v === null) {
      started = false;
      return;
    }
    const px = plotX + j * step;
    if (started) doc.lineTo(px, yOf(v));
    else doc.moveTo(px, yOf(v));
    started = true;
  });
  doc.strokeColor(LINE).lineWidth(1.5).stroke();
  values.forEach((v, j) => {
    if (v !== null)
      doc
        .circle(plotX + j * step, yOf(v), 1.8)
        .fillColor(LINE)
        .fill();
  });
  const first = pack.weeks[0]?.week ?? '';
  const last = pack.weeks.at(-1)?.week ?? '';
  doc.fillColor(DIM).fontSize(7);
  doc.text(first, plotX, top + CHART_H + 3, { width: 60 });
  doc.text(last, plotX + plotW - 60, top + CHART_H + 3, { width: 60, align: 'right' });
}

function trends(doc: PDFKit.PDFDocument, pack: QbrPack) {
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(12).text('Weekly trends against target');
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(DIM)
    .text('Blue: the week’s figure. Dashed red: the contract target.');
  const startY = doc.y + 8;
  const withTarget = pack.totals.map((k, i) => ({ k, i })).filter(({ k }) => k.target !== null);
  withTarget.forEach(({ k, i }, n) => {
    const col = n % 2;
    const row = Math.floor(n / 2);
    const y = startY + row * (CHART_H + 36);
    if (y + CHART_H > 780) return;
    chart(doc, MARGIN + col * (CHART_W + 35), y, k.label, pack, i);
  });
  doc.x = MARGIN;
}

function credits(doc: PDFKit.PDFDocument, pack: QbrPack) {
  doc.x = MARGIN;
  doc.y = MARGIN;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(12).text('Service credits');
  const c = pack.serviceCredits;
  if (!c) {
    doc.font('Helvetica').fontSize(9).text('The contract has no service-credit terms.');
    return;
  }
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(DIM)
    .text(
      `Fees ${money(c.feesCents)}, cap ${money(c.capCents)}${c.capped ? ' (reached)' : ''}; ` +
        `amounts in the contract currency.`,
    );
  doc.moveDown(0.5);
  const label = new Map(pack.totals.map((k) => [k.kpi as string, k.label]));
  for (const l of c.lines) {
    doc
      .fillColor(INK)
      .font('Helvetica-Bold')
      .text(
        `${label.get(l.kpi) ?? l.kpi}: ${money(l.chargedCents)} charged (${money(l.amountCents)} before the cap)`,
      );
    doc.font('Helvetica').fillColor(DIM).text(l.explanation);
    doc.moveDown(0.3);
  }
  for (const e of c.earnBack) {
    doc
      .fillColor(INK)
      .font('Helvetica-Bold')
      .text(`Earn-back ${label.get(e.kpi) ?? e.kpi}: ${money(e.returnedCents)} returned`);
    doc.font('Helvetica').fillColor(DIM).text(e.explanation);
    doc.moveDown(0.3);
  }
  doc.moveDown(0.5);
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .text(`Net: ${money(c.netCents)}`);
  doc.font('Helvetica').fillColor(DIM).text(c.explanation);
}
