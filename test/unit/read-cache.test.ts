import { describe, expect, it } from 'vitest';
import { DataVersionReader, negotiate } from '../../server/http/read-cache.ts';

describe('DataVersionReader', () => {
  it('when reads arrive while one is running, then they share one query that starts after it: never an answer from before they asked', async () => {
    const started: number[] = [];
    const finish: (() => void)[] = [];
    let version = 1;
    const reader = new DataVersionReader(() => {
      started.push(version);
      return new Promise<number>((resolve) => {
        const seen = version; // the snapshot is taken when the query starts
        finish.push(() => resolve(seen));
      });
    });
    const first = reader.read();
    expect(started).toEqual([1]);
    version = 2; // a write commits while the first query runs
    const later = [reader.read(), reader.read(), reader.read()];
    expect(started).toEqual([1]); // they wait for the running one to finish…
    finish.shift()!();
    expect(await first).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([1, 2]); // …then share one new query
    finish.shift()!();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
  });

  it('when the query fails, then its callers see the error and the next read queries again', async () => {
    let n = 0;
    const reader = new DataVersionReader(async () => {
      n++;
      if (n === 1) throw new Error('connection lost');
      return 7;
    });
    await expect(reader.read()).rejects.toThrow('connection lost');
    expect(await reader.read()).toBe(7);
  });
});

describe('negotiate (Accept-Encoding)', () => {
  it('prefers br on a tie, honours q-values and falls back to the body as is', () => {
    expect(negotiate('gzip, deflate, br')).toBe('br');
    expect(negotiate('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(negotiate('br;q=0, gzip')).toBe('gzip');
    expect(negotiate('*')).toBe('br');
    expect(negotiate('identity')).toBe('identity');
    expect(negotiate('gzip;q=0')).toBe('identity');
    expect(negotiate(undefined)).toBe('identity');
  });
});
