import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  extractAnswers,
  parseResponses,
  SurveyResponsesError,
  type ResponseTable,
} from '../../../server/surveys/index.ts';
import { definitionOf } from './factories.ts';

const csv = (text: string, fileName = 'answers.csv', delimiter?: ',' | ';' | '\t') =>
  parseResponses(Buffer.from(text, 'utf8'), fileName, delimiter ? { delimiter } : {});

describe('reading response files', () => {
  it('when a CSV has quoted headers and a BOM, then the names come out clean', async () => {
    const table = await csv('\uFEFF"CUEX1","CUEX2"\n7,8\n9,10\n');
    expect(table.columns).toEqual(['CUEX1', 'CUEX2']);
    expect(table.rows).toEqual([{ CUEX1: '7', CUEX2: '8' }, { CUEX1: '9', CUEX2: '10' }]);
    expect(table.rowNumbers).toEqual([2, 3]);
  });

  it('when the header is separated by semicolons or tabs, then the delimiter is detected', async () => {
    expect((await csv('a;b;c\n1;2;3\n')).rows).toEqual([{ a: '1', b: '2', c: '3' }]);
    expect((await csv('a\tb\n1\t2\n', 'answers.tsv')).rows).toEqual([{ a: '1', b: '2' }]);
    expect(detectDelimiter('"x,y";b;c\n1,2,3,4')).toBe(';'); // commas inside quotes and on later lines do not count
    expect(detectDelimiter('single')).toBe(',');
  });

  it('when a delimiter is declared, then it wins over detection', async () => {
    const table = await csv('a,b;c\n1,2;3\n', 'answers.csv', ';');
    expect(table.columns).toEqual(['a,b', 'c']);
  });

  it('when lines are blank or cells empty, then blank lines are skipped and empty cells are null', async () => {
    const table = await csv('a,b\r\n1,\r\n\r\n,\r\n3,4\r\n5\r\n');
    expect(table.rows).toEqual([{ a: '1', b: null }, { a: '3', b: '4' }, { a: '5', b: null }]);
    expect(table.rowNumbers).toEqual([2, 5, 6]); // rows are the file's lines, header = 1
  });

  it('when two header names differ only in case, then the file is rejected as ambiguous', async () => {
    await expect(csv('Q1,q1\n1,2\n')).rejects.toThrow(/answers\.csv: the header names column q1 twice/);
  });

  it('when the file is empty, then it is rejected', async () => {
    await expect(csv('')).rejects.toBeInstanceOf(SurveyResponsesError);
  });

  describe('an XLSX workbook', () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'northstar-surveys-'));
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    async function writeWorkbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('answers');
      for (const row of rows) sheet.addRow(row);
      workbook.addWorksheet('ignored').addRow(['not', 'read']);
      const file = path.join(folder, `answers-${rows.length}.xlsx`);
      await workbook.xlsx.writeFile(file);
      return readFile(file);
    }

    it('when the first worksheet holds the answers, then numbers stay numbers and formulas give their result', async () => {
      const buffer = await writeWorkbook([
        ['OV', 'A1', 'A2', 'B1'],
        [4, 5, null, 3],
        [2, { formula: '1+2', result: 3 } as ExcelJS.CellValue, ' 4 ', 'n/a'],
      ]);
      const table = await parseResponses(buffer, 'answers.xlsx');
      expect(table.columns).toEqual(['OV', 'A1', 'A2', 'B1']);
      expect(table.rows).toEqual([
        { OV: 4, A1: 5, A2: null, B1: 3 },
        { OV: 2, A1: 3, A2: '4', B1: 'n/a' },
      ]);
      expect(table.rowNumbers).toEqual([2, 3]);
    });

    it('when its answers are extracted, then they read like a CSV file', async () => {
      const buffer = await writeWorkbook([['ov', 'a1', 'a2', 'b1'], [4, 5, 9, 3]]);
      const { respondents, report } = extractAnswers(await parseResponses(buffer, 'upload.bin'), definitionOf());
      expect(respondents[0].answers).toEqual({ OV: 4, A1: 5, A2: null, B1: 3 });
      expect(report).toEqual([{ row: 2, column: 'a2', value: 9, reason: 'out_of_scale' }]);
    });

    it('when the file is old binary .xls, then it is refused with advice', async () => {
      await expect(parseResponses(Buffer.from('x'), 'old.xls')).rejects.toThrow(/save it as \.xlsx or \.csv/);
    });
  });
});

describe('extracting answers', () => {
  const table = (text: string): Promise<ResponseTable> => csv(text);

  it('when answers are blank, non-numeric, out of scale or a missing code, then they are null and reported', async () => {
    const definition = definitionOf({ missing: [-99, 9] });
    const { respondents, report } = extractAnswers(await table('OV,A1,A2,B1\n5,,x,-99\n0,6,9,2.5\n'), definition);
    expect(respondents.map((r) => r.answers)).toEqual([
      { OV: 5, A1: null, A2: null, B1: null },
      { OV: null, A1: null, A2: null, B1: 2.5 },
    ]);
    expect(report).toEqual([
      { row: 2, column: 'A1', value: null, reason: 'blank' },
      { row: 2, column: 'A2', value: 'x', reason: 'not_a_number' },
      { row: 2, column: 'B1', value: '-99', reason: 'missing_code' },
      { row: 3, column: 'OV', value: '0', reason: 'out_of_scale' },
      { row: 3, column: 'A1', value: '6', reason: 'out_of_scale' },
      { row: 3, column: 'A2', value: '9', reason: 'missing_code' },
    ]);
  });

  it('when numbers carry thousands separators or units, then they are not numbers', async () => {
    const { report } = extractAnswers(await table('OV;A1;A2;B1\n1,5;4 pts;+3;.5e1\n'), definitionOf());
    expect(report.map((r) => [r.column, r.reason])).toEqual([
      ['OV', 'not_a_number'],
      ['A1', 'not_a_number'],
      ['B1', 'not_a_number'],
    ]);
  });

  it('when the header spells columns in another case, then they still match', async () => {
    const { respondents } = extractAnswers(await table('ov,a1,A2,b1\n1,2,3,4\n'), definitionOf());
    expect(respondents[0].answers).toEqual({ OV: 1, A1: 2, A2: 3, B1: 4 });
  });

  it('when the header lacks columns the definition names, then the error names every one', async () => {
    const definition = definitionOf({ segment: { column: 'brand', own: '1' } });
    expect(() => extractAnswers({ columns: ['OV', 'A1'], rows: [] }, definition)).toThrow(SurveyResponsesError);
    expect(() => extractAnswers({ columns: ['OV', 'A1'], rows: [] }, definition)).toThrow(/lack columns A2, B1, brand/);
  });

  it('when the NPS column is read, then 0-10 is its range whatever the survey scale', async () => {
    const definition = definitionOf({ nps: 'REC' });
    const { respondents, report } = extractAnswers(await table('OV,A1,A2,B1,REC\n1,1,1,1,0\n1,1,1,1,10\n1,1,1,1,11\n'), definition);
    expect(respondents.map((r) => r.answers.REC)).toEqual([0, 10, null]);
    expect(report).toEqual([{ row: 4, column: 'REC', value: '11', reason: 'out_of_scale' }]);
  });

  it('when segment and unit columns are read, then labels are text and missing codes leave them empty', async () => {
    const definition = definitionOf({ missing: [-99], segment: { column: 'brand', own: '1' }, unitColumn: 'branch' });
    const { respondents, report } = extractAnswers(await table('OV,A1,A2,B1,brand,branch\n1,1,1,1,1,SEOUL\n1,1,1,1,-99,\n'), definition);
    expect(respondents.map((r) => [r.segment, r.unit])).toEqual([['1', 'SEOUL'], [null, null]]);
    expect(report).toEqual([
      { row: 3, column: 'brand', value: '-99', reason: 'missing_code' },
      { row: 3, column: 'branch', value: null, reason: 'blank' },
    ]);
  });

  it('when a hand-built table has no row numbers, then rows count from 2', () => {
    const { respondents } = extractAnswers({ columns: ['OV', 'A1', 'A2', 'B1'], rows: [{ OV: 1, A1: 1, A2: 1, B1: 1 }] }, definitionOf());
    expect(respondents[0].row).toBe(2);
  });
});
