import type { LocalizedName } from '../db/schema.ts';
import type { ReportData } from './data.ts';

/**
 * The management report (경영위원회 보고) as one self-contained HTML page: inline CSS with
 * A4 landscape print styles, inline SVG charts, no external assets. Every value is escaped.
 * Pages: 1 summary and off-target indicators, 2 initiatives and improvement priorities,
 * 3 CS portfolio (each section starts a new printed page).
 */
export type ReportLocale = 'en' | 'ko';

const LABELS = {
  en: {
    title: 'Management report',
    period: 'Period',
    window: { month: 'month', ytd: 'year to date' },
    generated: 'Generated',
    total: 'Total score',
    coverage: 'Coverage',
    perspectives: 'Perspective scores',
    perspective: 'Perspective',
    score: 'Score',
    status: 'Status',
    offTarget: 'Indicators off target',
    indicatorOwner: 'Owner',
    commentKinds: { analysis: 'Analysis', action: 'Action', note: 'Note' } as Record<string, string>,
    noneOff: 'Every scored indicator is on track.',
    noData: 'No data for this period yet: no indicator has an actual and a target.',
    partial: 'Partial',
    partialFigures: 'Figures still incomplete',
    unitsReported: (r: number, n: number) => `${r} of ${n} units reported`,
    monthsReported: (r: number, n: number) => `${r} of ${n} months reported`,
    missing: 'missing',
    pp: 'pp',
    indicator: 'Indicator',
    actual: 'Actual',
    target: 'Target',
    gap: 'Gap',
    trend: 'Trend (6 months)',
    change: 'Change',
    initiatives: 'Improvement initiatives',
    noInitiatives: 'No improvement initiatives for this unit.',
    initiative: 'Initiative',
    owner: 'Owner',
    dates: 'Start – end',
    before: 'Before',
    after: 'After',
    rate: 'Improvement',
    progress: 'Action items',
    priorities: 'Improvement priorities',
    noPriorities: 'No benchmarks or priority settings for this unit.',
    rank: 'Rank',
    expected: 'Expected',
    current: 'Current',
    importance: 'Importance',
    priority: 'Priority',
    cause: 'Main cause',
    portfolio: 'CS portfolio',
    noSurvey: 'No survey result is stored for this unit and period.',
    factor: 'Factor',
    satisfaction: 'Satisfaction',
    weight: 'Weight',
    quadrant: 'Quadrant',
    csi: 'CSI',
    statuses: { on_track: 'on track', at_risk: 'at risk', off_track: 'off track', no_data: 'no data', planned: 'planned', in_progress: 'in progress', done: 'done', on_hold: 'on hold' } as Record<string, string>,
  },
  ko: {
    title: '경영위원회 보고',
    period: '기간',
    window: { month: '당월', ytd: '누계' },
    generated: '작성',
    total: '종합 점수',
    coverage: '반영률',
    perspectives: '관점별 점수',
    perspective: '관점',
    score: '점수',
    status: '상태',
    offTarget: '목표 미달 지표',
    indicatorOwner: '책임자',
    commentKinds: { analysis: '원인 분석', action: '조치', note: '메모' } as Record<string, string>,
    noneOff: '모든 지표가 목표를 달성하고 있습니다.',
    noData: '이 기간의 데이터가 아직 없습니다. 실적과 목표가 모두 있는 지표가 없습니다.',
    partial: '일부 집계',
    partialFigures: '아직 다 모이지 않은 수치',
    unitsReported: (r: number, n: number) => `${n}개 조직 중 ${r}개 보고`,
    monthsReported: (r: number, n: number) => `${n}개월 중 ${r}개월 보고`,
    missing: '누락',
    pp: '%p',
    indicator: '지표',
    actual: '실적',
    target: '목표',
    gap: '차이',
    trend: '추이 (6개월)',
    change: '전월 대비',
    initiatives: '개선활동',
    noInitiatives: '이 조직의 개선활동이 없습니다.',
    initiative: '개선과제',
    owner: '담당',
    dates: '기간',
    before: '개선 전',
    after: '개선 후',
    rate: '향상도',
    progress: '실행 항목',
    priorities: '개선 우선순위',
    noPriorities: '이 조직의 벤치마킹 또는 우선순위 설정이 없습니다.',
    rank: '순위',
    expected: '기대 수준',
    current: '현재 수준',
    importance: '중요도',
    priority: '우선순위 점수',
    cause: '주요 원인',
    portfolio: 'CS 포트폴리오',
    noSurvey: '이 조직과 기간의 설문 결과가 없습니다.',
    factor: '요인',
    satisfaction: '만족도',
    weight: '가중치',
    quadrant: '사분면',
    csi: 'CSI',
    statuses: { on_track: '정상', at_risk: '주의', off_track: '미달', no_data: '자료 없음', planned: '계획', in_progress: '진행 중', done: '완료', on_hold: '보류' } as Record<string, string>,
  },
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function nameIn(name: LocalizedName | null | undefined, locale: string): string {
  if (name === null || name === undefined) return '';
  if (typeof name === 'string') return name;
  return name[locale] ?? name.en ?? Object.values(name)[0] ?? '';
}

const num = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits });
const signed = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '–' : `${v > 0 ? '+' : ''}${num(v, digits)}`);

type Labels = (typeof LABELS)['en'];
type CompletenessPart = { reported: number; expected: number; missing: string[] } | null;
type Completeness = { units: CompletenessPart; months: CompletenessPart } | null | undefined;

const short = (part: CompletenessPart): part is NonNullable<CompletenessPart> => !!part && part.reported < part.expected;

/**
 * How complete a figure is, in the report's words: "3 of 4 units reported (missing: GANGNAM)",
 * "9 of 10 months reported (missing: 2026-10)"; empty for a complete figure.
 */
export function completenessWords(c: Completeness, L: Labels): string[] {
  if (!c) return [];
  const out: string[] = [];
  const missing = (m: string[]) => (m.length ? ` (${L.missing}: ${m.join(', ')})` : '');
  if (short(c.units)) out.push(L.unitsReported(c.units.reported, c.units.expected) + missing(c.units.missing));
  if (short(c.months)) out.push(L.monthsReported(c.months.reported, c.months.expected) + missing(c.months.missing));
  return out;
}

/** A gap in the indicator's unit; between two percentages it is in percentage points (pp / %p). */
function gapText(gap: number | null, unit: string, L: Labels): string {
  return unit.trim() === '%' && gap !== null ? `${signed(gap, 2)}${L.pp}` : signed(gap, 2);
}

function sparkline(values: (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length < 2) return '';
  const min = Math.min(...present);
  const max = Math.max(...present);
  const w = 90;
  const h = 22;
  const x = (i: number) => (values.length === 1 ? 0 : (i / (values.length - 1)) * w);
  const y = (v: number) => (max === min ? h / 2 : h - 2 - ((v - min) / (max - min)) * (h - 4));
  const pts = values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
  return `<svg class="spark" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" aria-hidden="true"><polyline fill="none" stroke="#2f5d8a" stroke-width="1.5" points="${pts.join(' ')}"/></svg>`;
}

function bar(pct: number | null, cls = ''): string {
  const v = pct === null ? 0 : Math.max(0, Math.min(100, pct));
  return `<span class="bar ${cls}"><span style="width:${v.toFixed(1)}%"></span></span>`;
}

function portfolioChart(factors: { label: string; x: number; y: number }[], meanX: number, meanY: number): string {
  if (!factors.length) return '';
  const W = 420;
  const H = 260;
  const pad = 36;
  const xs = factors.map((f) => f.x);
  const ys = factors.map((f) => f.y);
  const [x0, x1] = [Math.min(...xs, meanX), Math.max(...xs, meanX)];
  const [y0, y1] = [Math.min(...ys, meanY), Math.max(...ys, meanY)];
  const sx = (v: number) => pad + (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0)) * (W - 2 * pad);
  const sy = (v: number) => H - pad - (y1 === y0 ? 0.5 : (v - y0) / (y1 - y0)) * (H - 2 * pad);
  const dots = factors
    .map((f) => `<circle cx="${sx(f.x).toFixed(1)}" cy="${sy(f.y).toFixed(1)}" r="4" fill="#2f5d8a"/><text x="${(sx(f.x) + 6).toFixed(1)}" y="${(sy(f.y) + 4).toFixed(1)}" font-size="10">${escapeHtml(f.label)}</text>`)
    .join('');
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img"><rect x="${pad}" y="${pad}" width="${W - 2 * pad}" height="${H - 2 * pad}" fill="none" stroke="#999"/><line x1="${sx(meanX).toFixed(1)}" y1="${pad}" x2="${sx(meanX).toFixed(1)}" y2="${H - pad}" stroke="#c33" stroke-dasharray="4 3"/><line x1="${pad}" y1="${sy(meanY).toFixed(1)}" x2="${W - pad}" y2="${sy(meanY).toFixed(1)}" stroke="#c33" stroke-dasharray="4 3"/>${dots}<text x="${W / 2}" y="${H - 8}" font-size="10" text-anchor="middle">weight →</text><text x="10" y="${H / 2}" font-size="10" transform="rotate(-90 10 ${H / 2})" text-anchor="middle">satisfaction →</text></svg>`;
}

const CSS = `
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-size: 10px; font-family: "Noto Sans CJK KR", "Noto Sans KR", "Nanum Gothic", "DejaVu Sans", Arial, sans-serif; color: #1d2530; font-size: 11px; margin: 0; }
.page { break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
header.report { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #2f5d8a; margin-bottom: 8px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 14px; margin: 12px 0 6px; color: #2f5d8a; }
.meta { color: #555; }
.comments td { border-top: none; padding-top: 0; font-size: 0.9em; }
.comment { margin: 0.15em 0; }
.kpis { display: flex; gap: 16px; margin: 8px 0; }
.kpi { border: 1px solid #ccd; border-radius: 4px; padding: 6px 12px; min-width: 140px; }
.kpi .v { font-size: 22px; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #dde; padding: 3px 6px; text-align: left; vertical-align: middle; }
th { background: #eef2f7; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.status { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 10px; }
.status.on_track, .status.done { background: #d7f0dc; } .status.at_risk, .status.in_progress { background: #fff0c2; }
.partial { display: inline-block; padding: 0 6px; border: 1px dashed #b7791f; border-radius: 8px; font-size: 10px; background: #fcebc4; }
.status.off_track { background: #f8d3d3; } .status.no_data, .status.planned, .status.on_hold { background: #e6e6e6; }
.bar { display: inline-block; width: 80px; height: 8px; background: #e6e9ef; border-radius: 4px; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #2f5d8a; border-radius: 4px; }
.bad { color: #b3261e; } .good { color: #1e7b34; }
.empty { color: #666; font-style: italic; }
@media screen { body { max-width: 1120px; margin: 16px auto; padding: 0 16px; } .page { border-bottom: 1px dashed #bbb; padding-bottom: 16px; margin-bottom: 16px; } }
`;

export function renderReportHtml(data: ReportData, locale: ReportLocale = 'en'): string {
  const L = LABELS[locale];
  const e = escapeHtml;
  const st = (s: string) => `<span class="status ${e(s)}">${e(L.statuses[s] ?? s)}</span>`;
  const card = data.scorecard;
  const unitName = nameIn(data.unit.name, locale);

  const partialTag = (complete: boolean | undefined) => (complete === false ? ` <span class="partial">${e(L.partial)}</span>` : '');
  const perspectiveRows = card.perspectives
    .map((p) => `<tr><td>${e(nameIn(p.name, locale))}</td><td class="n">${num(p.score)}</td><td>${bar(p.score === null ? null : p.score / 1.2)}</td><td class="n">${num(p.weight)}</td><td>${st(p.status)}${partialTag(p.complete)}</td></tr>`)
    .join('');
  const allIndicators = card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators));
  const scored = allIndicators.filter((i) => i.status !== 'no_data').length;
  const partialRows = allIndicators
    .map((i) => ({ i, words: completenessWords(i.completeness, L) }))
    .filter((r) => r.words.length)
    .map(({ i, words }) => `<tr><td><b>${e(i.code)}</b> ${e(nameIn(i.name, locale))}</td><td class="n">${num(i.score)}</td><td>${st(i.status)}</td><td>${words.map(e).join('<br>')}</td></tr>`)
    .join('');

  // Who answers for it and what they wrote (analysis, action), under each off-target indicator.
  const commentRow = (code: string, owner: string | null) => {
    const notes = data.comments?.[code] ?? [];
    if (!owner && notes.length === 0) return '';
    const lines = notes.map((c) => `<div class="comment"><b>${e(L.commentKinds[c.kind] ?? c.kind)}</b> <span class="meta">${e(c.period)} · ${e(c.author)}</span> ${e(c.body)}</div>`).join('');
    return `<tr class="comments"><td></td><td colspan="9">${owner ? `<div class="meta">${e(L.indicatorOwner)}: ${e(owner)}</div>` : ''}${lines}</td></tr>`;
  };

  const offRows = data.offTarget
    .map((i) => {
      const hist = (i as { history?: { actual: number | null }[] }).history?.map((h) => h.actual) ?? [];
      const trend = i.trend as { change?: number | null };
      return `<tr><td>${e(card.perspectives.find((p) => p.code === i.perspective) ? nameIn(card.perspectives.find((p) => p.code === i.perspective)!.name, locale) : i.perspective)}</td><td><b>${e(i.code)}</b> ${e(nameIn(i.name, locale))}</td><td class="n">${num(i.actual, 2)} ${e(i.unit)}</td><td class="n">${num(i.target, 2)}</td><td class="n ${i.favourable === false ? 'bad' : ''}">${gapText(i.gap, i.unit, L)}</td><td class="n">${i.gapPct === null ? '–' : `${signed(i.gapPct)}%`}</td><td class="n">${num(i.score)}</td><td>${st(i.status)}${completenessWords(i.completeness, L)
        .map((w) => `<br><span class="partial">${e(w)}</span>`)
        .join('')}</td><td>${sparkline(hist)}</td><td class="n">${signed(trend.change ?? null, 2)}</td></tr>${commentRow(i.code, (i as { owner?: string | null }).owner ?? null)}`;
    })
    .join('');

  const initiativeRows = data.initiatives
    .map(
      (i) =>
        `<tr><td><b>${e(i.code)}</b> ${e(i.title)}<br><span class="meta">${e(i.unit)} · ${e(i.indicators.join(', '))}</span></td><td>${e(i.owner ?? '')}</td><td>${e(i.start ?? '')} – ${e(i.end ?? '')}</td><td>${st(i.status)}</td><td class="n">${num(i.baseline ?? null, 2)}</td><td class="n">${num(i.current ?? null, 2)}</td><td class="n">${num(i.target ?? null, 2)}</td><td class="n ${i.improvement.improved === false ? 'bad' : i.improvement.improved ? 'good' : ''}">${i.improvement.rate === null ? '–' : `${signed(i.improvement.rate)}%`}</td><td>${bar(i.progress)} ${i.progress === null ? '' : `${num(i.progress, 0)}%`}</td></tr>`,
    )
    .join('');

  const priorityRows = data.priorities
    .map(
      (p) =>
        `<tr><td class="n">${p.rank ?? '–'}</td><td><b>${e(p.indicator)}</b> ${e(nameIn(p.name, locale))}</td><td class="n">${num(p.expected, 2)} <span class="meta">${e(p.expectedSource ?? '')}</span></td><td class="n">${num(p.current, 2)}</td><td class="n">${signed(p.gap, 2)}</td><td class="n">${num(p.importance, 2)}</td><td class="n">${num(p.priority, 2)}</td><td>${e(p.cause ?? '')}</td><td class="n">${num(p.target, 2)}</td></tr>`,
    )
    .join('');

  const survey = data.survey;
  let portfolio = `<p class="empty">${e(L.noSurvey)}</p>`;
  if (survey) {
    const placed = survey.factors.filter((f) => f.satisfaction !== null);
    const meanW = placed.length ? placed.reduce((s, f) => s + f.weight, 0) / placed.length : 0;
    const meanS = placed.length ? placed.reduce((s, f) => s + (f.satisfaction ?? 0), 0) / placed.length : 0;
    const rows = survey.factors
      .map((f) => `<tr><td><b>${e(f.code)}</b> ${e(nameIn(f.name ?? null, locale))}</td><td class="n">${num(f.satisfaction)}</td><td class="n">${num(f.importance, 3)}</td><td class="n">${num(f.weight, 3)}</td><td>${e(f.quadrant ?? '–')}</td></tr>`)
      .join('');
    portfolio = `<p>${e(survey.code)} · ${e(survey.unit)} ${e(survey.period)} · ${e(L.csi)} <b>${num(survey.csi)}</b> · n = ${e(survey.respondents)}</p><div style="display:flex;gap:16px;align-items:flex-start"><table style="width:55%"><thead><tr><th>${e(L.factor)}</th><th class="n">${e(L.satisfaction)}</th><th class="n">${e(L.importance)}</th><th class="n">${e(L.weight)}</th><th>${e(L.quadrant)}</th></tr></thead><tbody>${rows}</tbody></table>${portfolioChart(placed.map((f) => ({ label: f.code, x: f.weight, y: f.satisfaction! })), meanW, meanS)}</div>`;
  }

  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${e(L.title)} – ${e(unitName)} ${e(data.period)}</title><style>${CSS}</style></head>
<body>
<section class="page" id="summary">
<header class="report"><div><h1>${e(L.title)}: ${e(unitName)}</h1><div class="meta">${e(data.unit.code)} · ${e(L.period)} ${e(data.period)} (${e(L.window[data.window])})</div></div><div class="meta">${e(L.generated)} ${e(data.generatedAt.slice(0, 16).replace('T', ' '))} UTC</div></header>
<div class="kpis"><div class="kpi"><div>${e(L.total)}</div><div class="v">${num(card.score)}</div><div>${st(card.status)}${partialTag(card.complete)}</div></div><div class="kpi"><div>${e(L.coverage)}</div><div class="v">${num(card.coverage * 100, 0)}%</div></div></div>
<h2>${e(L.perspectives)}</h2>
<table><thead><tr><th>${e(L.perspective)}</th><th class="n">${e(L.score)}</th><th></th><th class="n">${e(L.weight)}</th><th>${e(L.status)}</th></tr></thead><tbody>${perspectiveRows}</tbody></table>
<h2>${e(L.offTarget)}</h2>
${data.offTarget.length ? `<table><thead><tr><th>${e(L.perspective)}</th><th>${e(L.indicator)}</th><th class="n">${e(L.actual)}</th><th class="n">${e(L.target)}</th><th class="n">${e(L.gap)}</th><th class="n">%</th><th class="n">${e(L.score)}</th><th>${e(L.status)}</th><th>${e(L.trend)}</th><th class="n">${e(L.change)}</th></tr></thead><tbody>${offRows}</tbody></table>` : `<p class="empty">${e(scored ? L.noneOff : L.noData)}</p>`}
${partialRows ? `<h2>${e(L.partialFigures)}</h2><table id="partial"><thead><tr><th>${e(L.indicator)}</th><th class="n">${e(L.score)}</th><th>${e(L.status)}</th><th></th></tr></thead><tbody>${partialRows}</tbody></table>` : ''}
</section>
<section class="page" id="initiatives">
<h2>${e(L.initiatives)}</h2>
${data.initiatives.length ? `<table><thead><tr><th>${e(L.initiative)}</th><th>${e(L.owner)}</th><th>${e(L.dates)}</th><th>${e(L.status)}</th><th class="n">${e(L.before)}</th><th class="n">${e(L.after)}</th><th class="n">${e(L.target)}</th><th class="n">${e(L.rate)}</th><th>${e(L.progress)}</th></tr></thead><tbody>${initiativeRows}</tbody></table>` : `<p class="empty">${e(L.noInitiatives)}</p>`}
<h2>${e(L.priorities)}</h2>
${data.priorities.length ? `<table><thead><tr><th class="n">${e(L.rank)}</th><th>${e(L.indicator)}</th><th class="n">${e(L.expected)}</th><th class="n">${e(L.current)}</th><th class="n">${e(L.gap)}</th><th class="n">${e(L.importance)}</th><th class="n">${e(L.priority)}</th><th>${e(L.cause)}</th><th class="n">${e(L.target)}</th></tr></thead><tbody>${priorityRows}</tbody></table>` : `<p class="empty">${e(L.noPriorities)}</p>`}
</section>
<section class="page" id="portfolio">
<h2>${e(L.portfolio)}</h2>
${portfolio}
</section>
</body></html>`;
}
