import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';

/** Every migration in order. Forward-only: never edit one that has shipped, add a new one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
