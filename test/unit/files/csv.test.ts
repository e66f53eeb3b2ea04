import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvFile } from '../../../server/files/csv.ts';

describe('csvFile', () => {
  it('starts with a UTF-8 byte-order mark, ends records with CRLF, and reads back cell for cell', () => {
    const rows = [['unit', 'name', 'score', 'note'], ['SEOUL', '서울 강남점', 88.123456789, null], ['BUSAN', 'a "quoted", name', -0.5, 'line\nbreak']];
    const body = csvFile(rows);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text.split('\r\n')[1]).toBe('SEOUL,서울 강남점,88.123456789,');
    expect(parse(text, { bom: true })).toEqual([['unit', 'name', 'score', 'note'], ['SEOUL', '서울 강남점', '88.123456789', ''], ['BUSAN', 'a "quoted", name', '-0.5', 'line\nbreak']]);
  });
});
