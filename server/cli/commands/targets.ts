import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { DomainError } from '../../http/errors.ts';
import { approvePlans, cascadePlan, checkTargets, showPlan } from '../../targets/service.ts';
import type { CascadeMethod, PhasingMethod } from '../../scoring/targets.ts';

const fmt = (v: number | null) => (v === null ? '-' : String(v));

function parseNumber(text: string, field: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new DomainError('invalid_option', `--${field} "${text}" is not a number`, [{ field, message: 'not a number' }], 400);
  return value;
}

/** `A=40,B=60` → { A: 40, B: 60 }. */
function parseShares(text: string): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [unit, value] = part.split('=');
    if (!unit || value === undefined) throw new DomainError('invalid_option', `--shares "${part}" is not UNIT=PERCENT`, [{ field: 'shares', message: 'expected UNIT=PERCENT,…' }], 400);
    shares[unit.trim()] = parseNumber(value, 'shares');
  }
  return shares;
}

function choice<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) throw new DomainError('invalid_option', `--${field} must be one of ${allowed.join(', ')}`, [{ field, message: `not one of ${allowed.join(', ')}` }], 400);
  return value as T;
}

/** `northstar targets cascade|show|check` (DESIGN.md §3 "Target setting"). */
export function registerTargetCommands(program: Command): void {
  const targets = program.command('targets').description('Set a year’s targets: cascade to child units, phase into months, approve, check');
  targets
    .command('cascade')
    .description('Cascade a yearly target from a unit to its children and phase it into months (draft plans; --approve approves them)')
    .requiredOption('--indicator <code>', 'indicator code')
    .requiredOption('--unit <code>', 'the parent unit')
    .requiredOption('--year <YYYY>', 'the plan year')
    .requiredOption('--target <number>', 'the unit’s yearly target')
    .requiredOption('--by <method>', 'equal | last_year | shares')
    .option('--shares <list>', 'percent per child, e.g. A=40,B=60 (with --by shares)')
    .option('--phasing <method>', 'even | last_year', 'even')
    .option('--reason <text>', 'why (kept with the revisions)')
    .option('--approve', 'approve the plans at once (the unit’s and its children’s)')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const request = {
        indicator: opts.indicator as string,
        unit: opts.unit as string,
        year: parseNumber(opts.year, 'year'),
        target: parseNumber(opts.target, 'target'),
        by: choice<CascadeMethod>(opts.by, ['equal', 'last_year', 'shares'], 'by'),
        shares: opts.shares ? parseShares(opts.shares) : undefined,
        phasing: choice<PhasingMethod>(opts.phasing, ['even', 'last_year'], 'phasing'),
        reason: opts.reason ?? null,
      };
      const result = await withContext((ctx) =>
        ctx.db.transaction().execute(async (trx) => {
          const preview = await cascadePlan(trx, cliActor(), request);
          const approval = opts.approve ? await approvePlans(trx, cliActor(), { indicator: request.indicator, year: request.year, units: preview.rows.map((r) => r.unit), reason: request.reason }) : null;
          return { ...preview, status: approval ? 'approved' : 'draft', approval };
        }),
      );
      print(result, opts, (r) =>
        [
          `${r.indicator} ${r.year}: ${r.unit} ${r.target} by ${r.by}, phased ${r.phasing} (${r.status})`,
          ...r.rows.map((row: any) => `  ${row.role === 'parent' ? '' : '  '}${row.unit}: ${fmt(row.yearly)}${row.share === null ? '' : ` (${row.share}%)`}  [${row.months.map(fmt).join(' ')}]`),
          ...[...r.warnings, ...r.rows.flatMap((row: any) => row.warnings.map((w: string) => `${row.unit}: ${w}`))].map((w: string) => `  warning: ${w}`),
          ...(r.approval?.keptLocked ?? []).map((k: any) => `  kept (locked): ${k.unit} ${k.period} stays ${fmt(k.kept)}`),
        ].join('\n'),
      );
    });
  targets
    .command('show')
    .description('The 12 monthly targets of a unit and, for a parent, of each child')
    .requiredOption('--indicator <code>', 'indicator code')
    .requiredOption('--unit <code>', 'unit code')
    .requiredOption('--year <YYYY>', 'the year')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const result = await withContext((ctx) => showPlan(ctx.db, opts.indicator, opts.unit, parseNumber(opts.year, 'year')));
      print(result, opts, (r) =>
        [`${r.indicator} ${r.year}`, ...r.units.map((u: any) => `  ${u.unit} (${u.status}): ${fmt(u.yearly)}  [${u.months.map(fmt).join(' ')}]`), ...r.gaps.map((g: any) => `  gap: children add up to ${g.childrenTotal}, not ${g.target}`)].join('\n'),
      );
    });
  targets
    .command('check')
    .description('Parents whose children’s yearly targets do not add up (sum indicators) and units without a target for a scored indicator')
    .requiredOption('--year <YYYY>', 'the year')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const result = await withContext((ctx) => checkTargets(ctx.db, parseNumber(opts.year, 'year')));
      print(result, opts, (r) =>
        r.ok
          ? `${r.year}: every sum indicator adds up and every scored indicator has a target`
          : [
              `${r.year}: ${r.gaps.length} gap${r.gaps.length === 1 ? '' : 's'}, ${r.missing.length} missing target${r.missing.length === 1 ? '' : 's'}`,
              ...r.gaps.map((g: any) => `  ${g.indicator} ${g.unit}: target ${g.target}, children ${g.childrenTotal} (gap ${g.gap})${g.missing.length ? `; no target: ${g.missing.join(', ')}` : ''}${g.draft ? ' [draft]' : ''}`),
              ...r.missing.map((m: any) => `  ${m.indicator} ${m.unit}: no target`),
            ].join('\n'),
      );
    });
}
