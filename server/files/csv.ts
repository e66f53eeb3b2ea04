import { stringify } from 'csv-stringify/sync';

/**
 * A CSV download: RFC 4180 (CRLF, quotes where needed), numbers at full precision, and a UTF-8
 * byte-order mark so that Excel, the tool reward reviewers and teams open these in, shows
 * Korean names instead of mojibake. Northstar's own importers skip the mark.
 */
export function csvFile(rows: unknown[][]): Buffer {
  const text = stringify(rows, { record_delimiter: 'windows', cast: { number: (n) => String(n) } });
  return Buffer.from('\uFEFF' + text, 'utf8');
}
