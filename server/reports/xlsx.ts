import ExcelJS from 'exceljs';
import { neutralizeFormula } from '../files/csv.ts';
import type { ReportData } from './data.ts';
import { nameIn, type ReportLocale } from './html.ts';

/** Text a spreadsheet would run as a formula is neutralised as in every CSV (server/files/csv.ts). */
const safe = neutralizeFormula;

/** The scorecard (perspective → objective → indicator), the off-target list and the initiatives as a workbook. */
export async function reportToXlsx(data: ReportData, locale: ReportLocale = 'en'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Northstar';
  const card = data.scorecard;
  const sheet = wb.addWorksheet('Scorecard');
  sheet.addRow(['unit', data.unit.code, safe(nameIn(data.unit.name, locale))]);
  sheet.addRow(['period', data.period, data.window]);
  sheet.addRow(['score', card.score, card.status]);
  sheet.addRow([]);
  const header = sheet.addRow(['level', 'code', 'name', 'unit', 'direction', 'weight', 'actual', 'target', 'score', 'status', 'gap', 'gap %', 'favourable']);
  header.font = { bold: true };
  for (const p of card.perspectives) {
    sheet.addRow(['perspective', p.code, safe(nameIn(p.name, locale)), null, null, p.weight, null, null, p.score, p.status]);
    for (const o of p.objectives) {
      sheet.addRow(['objective', o.code, safe(nameIn(o.name, locale)), null, null, o.weight, null, null, o.score, o.status]);
      for (const i of o.indicators) {
        sheet.addRow(['indicator', i.code, safe(nameIn(i.name, locale)), i.unit, i.direction, i.weight, i.actual, i.target, i.score, i.status, i.gap, i.gapPct, i.favourable]);
      }
    }
  }
  sheet.columns.forEach((c, n) => (c.width = n === 2 ? 36 : 12));

  const init = wb.addWorksheet('Initiatives');
  init.addRow(['code', 'title', 'unit', 'indicators', 'owner', 'start', 'end', 'status', 'baseline', 'current', 'target', 'improvement %', 'progress %']).font = { bold: true };
  for (const i of data.initiatives) {
    init.addRow([i.code, safe(i.title), i.unit, i.indicators.join(', '), safe(i.owner ?? ''), i.start ?? null, i.end ?? null, i.status, i.baseline ?? null, i.current ?? null, i.target ?? null, i.improvement.rate, i.progress]);
  }
  const pr = wb.addWorksheet('Priorities');
  pr.addRow(['rank', 'indicator', 'expected', 'expected from', 'current', 'gap', 'importance', 'priority', 'cause', 'target']).font = { bold: true };
  for (const p of data.priorities) pr.addRow([p.rank, p.indicator, p.expected, p.expectedSource, p.current, p.gap, p.importance, p.priority, safe(p.cause ?? ''), p.target]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
