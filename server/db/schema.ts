import type { ColumnType, Generated, RawBuilder } from 'kysely';

/** A jsonb column: read as T, written through `jsonb(value)` (see json.ts). */
export type Json<T> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>;
export type LocalizedName = string | Record<string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrgUnitTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedName>;
  parent_id: number | null;
  path: string;
  depth: number;
  sort_order: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PerspectiveTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedName>;
  weight: number;
  sort_order: Generated<number>;
}

export interface ObjectiveTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedName>;
  description: Json<LocalizedName | null>;
  perspective_id: number;
  weight: number;
  sort_order: Generated<number>;
}

export interface ObjectiveLinkTable {
  from_objective_id: number;
  to_objective_id: number;
}

export interface IndicatorTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedName>;
  description: Json<LocalizedName | null>;
  objective_id: number | null;
  weight: number;
  kind: string;
  display_unit: string;
  direction: string;
  tolerance: number | null;
  scoring: Json<Record<string, unknown>>;
  aggregation_time: string | null;
  aggregation_org: string;
  formula: string | null;
  thresholds: Json<Record<string, number> | null>;
  applies_to: Json<string[] | null>;
  frequency: string;
  sort_order: Generated<number>;
}

export interface TargetTable {
  indicator_id: number;
  unit_id: number;
  period: string;
  target: number;
  baseline: number | null;
  stretch: number | null;
  red_flag: number | null;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface MeasurementTable {
  indicator_id: number;
  unit_id: number;
  period: string;
  value: number;
  source: string;
  note: string | null;
  revision: number;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface MeasurementRevisionTable {
  indicator_id: number;
  unit_id: number;
  period: string;
  revision: number;
  value: number | null;
  previous_value: number | null;
  source: string;
  note: string | null;
  reason: string | null;
  changed_by: number | null;
  changed_by_name: string | null;
  changed_at: Timestamp;
}

export interface IndicatorRollupTable {
  indicator_id: number;
  unit_id: number;
  period: string;
  parent_id: number | null;
  own_value: number | null;
  child_value: number | null;
  value: number | null;
  own_target: number | null;
  child_target: number | null;
  target: number | null;
  own_baseline: number | null;
  child_baseline: number | null;
  baseline: number | null;
  own_stretch: number | null;
  child_stretch: number | null;
  stretch: number | null;
  own_red_flag: number | null;
  child_red_flag: number | null;
  red_flag: number | null;
  /** Entering units below that reported (parents aggregated from below; null at a unit that enters its own value). */
  child_reported: number | null;
  /** `sum` indicators: Σ of the targets (baselines, …) of exactly the units below that reported. */
  child_lfl_target: number | null;
  child_lfl_baseline: number | null;
  child_lfl_stretch: number | null;
  child_lfl_red_flag: number | null;
}

export interface PeriodLockTable {
  unit_id: number;
  period: string;
  locked_at: Timestamp;
  locked_by: number | null;
}

export interface PeriodSubmissionTable {
  unit_id: number;
  period: string;
  state: string;
  comment: string | null;
  submitted_by: number | null;
  submitted_at: Date | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  updated_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  locale: Generated<string>;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  last_login_at: Date | null;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
}

export interface LoginThrottleTable {
  username: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  unit_id: number | null;
  role: string;
  created_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: Json<string[]>;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Timestamp;
}

export interface UserSessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Date;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_key: string;
  before: Json<unknown>;
  after: Json<unknown>;
  reason: string | null;
  request_id: string | null;
}

export interface JobTable {
  name: string;
  kind: string;
  schedule: string;
  timezone: Generated<string>;
  config: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  time_limit_seconds: Generated<number>;
  max_attempts: Generated<number>;
  updated_at: Timestamp;
}

export interface JobRunTable {
  id: Generated<number>;
  job_name: string;
  trigger: string;
  scheduled_for: Date | null;
  period: string | null;
  attempt: Generated<number>;
  started_at: Timestamp;
  ended_at: Date | null;
  status: Generated<string>;
  rows_read: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  error: string | null;
  details: Json<unknown>;
}

export interface NotificationTable {
  id: Generated<number>;
  kind: string;
  severity: Generated<string>;
  unit_id: number | null;
  indicator_id: number | null;
  period: string | null;
  message: string;
  details: Json<unknown>;
  dedupe_key: string | null;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface SettingTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export interface SurveyDefinitionTable {
  code: string;
  kind: string;
  definition: Json<Record<string, unknown>>;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface SurveyRunTable {
  id: Generated<number>;
  parent_id: number | null;
  scope: Generated<string>;
  definition_code: string;
  kind: string;
  definition: Json<Record<string, unknown>>;
  definition_sha256: string;
  unit_id: number | null;
  period: string;
  file_name: string;
  file_sha256: string;
  settings: Json<Record<string, unknown>>;
  respondents: number;
  result: Json<Record<string, unknown>>;
  report: Json<unknown>;
  created_by: number | null;
  created_by_name: string;
  created_at: Timestamp;
}

export interface EvaluationCycleTable {
  code: string;
  name: Json<LocalizedName>;
  definition: Json<Record<string, unknown>>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface EvaluationVersionTable {
  cycle_code: string;
  version: number;
  status: Generated<'provisional' | 'final' | 'superseded'>;
  definition: Json<Record<string, unknown> | null>;
  results: Json<Record<string, unknown> | null>;
  breakdown: Json<Record<string, unknown> | null>;
  fingerprint: string | null;
  finalized_by: string | null;
  finalized_by_id: number | null;
  finalized_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reopened_reason: string | null;
  reopened_by: string | null;
  superseded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
}

export interface InitiativeTable {
  id: Generated<number>;
  code: string;
  title: string;
  unit_id: number;
  indicators: Json<string[]>;
  owner: string | null;
  start_date: string | null;
  end_date: string | null;
  evaluation: string | null;
  target_value: number | null;
  baseline_value: number | null;
  current_value: number | null;
  status: string;
  actions: Json<{ title: string; due: string | null; done: boolean }[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface BenchmarkTable {
  indicator_id: number;
  period: string;
  competitor: string;
  value: number;
  updated_at: Timestamp;
}

export interface ImprovementPriorityTable {
  unit_id: number;
  indicator_id: number;
  expected: number | null;
  importance: number | null;
  cause: string | null;
  target: number | null;
  updated_at: Timestamp;
}

export interface TargetPlanTable {
  indicator_id: number;
  unit_id: number;
  year: number;
  status: Generated<'draft' | 'approved'>;
  /** Twelve monthly targets, January to December; null where none (months a quarterly indicator is not due). */
  months: Json<(number | null)[]>;
  yearly: number | null;
  baseline: number | null;
  stretch: number | null;
  red_flag: number | null;
  method: Json<Record<string, unknown>>;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_name: string;
  approved_at: Date | null;
  approved_by_name: string | null;
}

export interface TargetRevisionTable {
  id: Generated<number>;
  indicator_id: number;
  unit_id: number;
  year: number;
  /** The month changed (YYYY-MM), or null for the plan as a whole (yearly figure, approval). */
  period: string | null;
  action: string;
  old_value: number | null;
  new_value: number | null;
  reason: string | null;
  changed_by: number | null;
  changed_by_name: string;
  changed_at: Timestamp;
}

export interface Database {
  org_unit: OrgUnitTable;
  perspective: PerspectiveTable;
  objective: ObjectiveTable;
  objective_link: ObjectiveLinkTable;
  indicator: IndicatorTable;
  target: TargetTable;
  measurement: MeasurementTable;
  measurement_revision: MeasurementRevisionTable;
  indicator_rollup: IndicatorRollupTable;
  period_lock: PeriodLockTable;
  period_submission: PeriodSubmissionTable;
  app_user: AppUserTable;
  role_grant: RoleGrantTable;
  api_token: ApiTokenTable;
  user_session: UserSessionTable;
  audit_log: AuditLogTable;
  job: JobTable;
  job_run: JobRunTable;
  notification: NotificationTable;
  setting: SettingTable;
  survey_definition: SurveyDefinitionTable;
  survey_run: SurveyRunTable;
  evaluation_cycle: EvaluationCycleTable;
  evaluation_version: EvaluationVersionTable;
  initiative: InitiativeTable;
  benchmark: BenchmarkTable;
  improvement_priority: ImprovementPriorityTable;
  login_throttle: LoginThrottleTable;
  target_plan: TargetPlanTable;
  target_revision: TargetRevisionTable;
}
