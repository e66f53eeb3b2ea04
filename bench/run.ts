/**
 * `npm run bench`: every benchmark in one run, on PostgreSQL (BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test, where throwaway databases
 * are created). `npm run bench -- scorecard web ingest readers cold` runs a subset; `npm run bench -- voc`
 * the VOC benchmark (only when named).
 */
import { runScorecardBench } from './scorecard.ts';
import { runWebBench } from './web.ts';

const wanted = new Set(process.argv.slice(2).filter((a) => !a.startsWith('-')));
const runs = (name: string) => wanted.size === 0 || wanted.has(name);

if (runs('scorecard') || runs('web')) {
  const scorecard = await runScorecardBench({ keepLarge: runs('web') });
  try {
    if (runs('web')) await runWebBench(scorecard.largeDatabaseUrl, { username: 'bench', password: 'bench-password-1' });
  } finally {
    await scorecard.dropLarge();
  }
}
if (runs('ingest')) {
  const { runIngestBench } = await import('./ingest.ts');
  await runIngestBench();
}
if (runs('readers')) {
  const { runReadersBench } = await import('./readers.ts');
  await runReadersBench();
}
// VOC's million-record import takes about ten minutes on its own: only when asked for by name.
if (wanted.has('voc')) {
  const { runVocBench } = await import('./voc.ts');
  await runVocBench();
}
if (runs('cold')) {
  const { runColdScorecardBench } = await import('./cold-scorecard.ts');
  await runColdScorecardBench();
}
process.exit(0);
