import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_surveys.ts';
import * as m0004 from './0004_evaluations.ts';
import * as m0006 from './0006_initiatives.ts';
import * as m0007 from './0007_month_keys.ts';
import * as m0009 from './0009_account_security.ts';
import * as m0010 from './0010_rollup_completeness.ts';
import * as m0011 from './0011_target_plans.ts';
import * as m0012 from './0012_owners_comments_mail.ts';
import * as m0013 from './0013_people_pay.ts';
import * as m0014 from './0014_voc.ts';
import * as m0015 from './0015_data_version.ts';

/** Every migration in order. Forward-only: never edit one that has shipped, add a new one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_surveys': m0002,
  '0004_evaluations': m0004,
  '0006_initiatives': m0006,
  '0007_month_keys': m0007,
  '0009_account_security': m0009,
  '0010_rollup_completeness': m0010,
  '0011_target_plans': m0011,
  '0012_owners_comments_mail': m0012,
  '0013_people_pay': m0013,
  '0014_voc': m0014,
  '0015_data_version': m0015,
};
