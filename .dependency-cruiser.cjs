/**
 * The direction of the house (README "Layout"): bin → jobs → server → (scoring, db).
 * Checked by test/unit/architecture.test.ts, so CI fails when an arrow turns around.
 * Run by hand: npx depcruise bin server jobs migrations scripts web/src --config .dependency-cruiser.cjs
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be read or changed apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'server-not-to-jobs',
      severity: 'error',
      comment: 'jobs/ builds on server/; the scheduler reaches routes through AppContext.jobs, wired in bin/.',
      from: { path: '^server/' },
      to: { path: '^jobs/' },
    },
    {
      name: 'only-bin-composes',
      severity: 'error',
      comment: 'bin/ is the composition root: nothing imports it.',
      from: { path: '^(server|jobs|web|migrations)/' },
      to: { path: '^bin/' },
    },
    {
      name: 'scoring-is-pure',
      severity: 'error',
      comment: 'Pure domain math: no database, no HTTP, no files.',
      from: { path: '^server/scoring/' },
      to: {
        path: ['^server/(?!scoring/)', '^jobs/', 'node_modules/(express|kysely|postgres|@electric-sql|pg|pino)(/|$)'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'scoring-is-pure-builtins',
      severity: 'error',
      comment: 'Pure domain math: no file system, network or processes.',
      from: { path: '^server/scoring/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|http|https|net|child_process|worker_threads)$' },
    },
    {
      name: 'migrations-stand-alone',
      severity: 'error',
      comment: 'A migration is frozen history: it must not change when app code does.',
      from: { path: '^migrations/' },
      to: { path: '^(server|jobs|bin|web)/' },
    },
    {
      name: 'web-not-to-node-side',
      severity: 'error',
      comment: 'The browser app talks to the server over HTTP only (its types come from the OpenAPI document).',
      from: { path: '^web/' },
      to: { path: '^(server|jobs|bin|migrations)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
  },
};
