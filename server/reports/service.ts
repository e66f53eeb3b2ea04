import type { Db } from '../db/database.ts';
import type { Window } from '../scoring/types.ts';
import { loadReportData } from './data.ts';
import { renderReportHtml, type ReportLocale } from './html.ts';
import { htmlToPdf } from './pdf.ts';
import { reportToXlsx } from './xlsx.ts';

export type ReportFormat = 'html' | 'pdf' | 'xlsx';

export interface ReportFile {
  contentType: string;
  fileName: string;
  body: Buffer;
}

const TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The management report of a unit and period as HTML, PDF (headless Chromium) or the scorecard as XLSX. */
export async function renderReport(db: Db, input: { unit: string; period: string; window: Window; format: ReportFormat; locale?: ReportLocale; visible?: (unitPath: string) => boolean }): Promise<ReportFile> {
  const data = await loadReportData(db, input.unit, input.period, input.window, { visible: input.visible });
  const locale = input.locale ?? 'en';
  const fileName = `northstar-report-${input.unit}-${input.period}.${input.format}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (input.format === 'xlsx') return { contentType: TYPES.xlsx, fileName, body: await reportToXlsx(data, locale) };
  const html = renderReportHtml(data, locale);
  if (input.format === 'html') return { contentType: TYPES.html, fileName, body: Buffer.from(html, 'utf8') };
  return { contentType: TYPES.pdf, fileName, body: await htmlToPdf(html) };
}
