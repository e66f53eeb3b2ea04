import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * One scratch directory per `vitest run`, shared by its workers (`inject('runDir')`) and removed
 * at the end: the end-to-end files seed the demo company there once and copy it.
 */
export default function setup(project: TestProject) {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-run-'));
  project.provide('runDir', runDir);
  return () => fs.rmSync(runDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    runDir: string;
  }
}
