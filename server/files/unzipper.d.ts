/** The part of unzipper (the zip parser exceljs reads workbooks with) that xlsx-guard.ts uses. */
declare module 'unzipper' {
  import type { Duplex, Readable } from 'node:stream';
  export interface ZipEntry extends Readable {
    path: string;
    vars: { uncompressedSize?: number; compressedSize?: number };
    autodrain(): unknown;
  }
  export function Parse(options?: { verbose?: boolean }): Duplex;
  const unzipper: { Parse: typeof Parse };
  export default unzipper;
}
