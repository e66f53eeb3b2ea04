/**
 * The demo company's people side (DESIGN.md §3): an e-mail `USERNAME@example.com` for every
 * demo account, an owner (and the Gangnam store's CS officer as updater) for every scored
 * indicator and every objective, and a few analysis comments on the Gangnam store's
 * off-target indicators in the last month, one mentioning the division manager.
 * Idempotent: owners are merged by scope, comments only written once.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/repository.ts';
import { importModel } from '../model/service.ts';
import { changeProfile } from '../profile/service.ts';
import { selectUserByUsername } from '../auth/repository.ts';
import { principalForUser } from '../auth/service.ts';
import { getScorecard } from '../scorecards/service.ts';
import { addMonths } from '../scoring/period.ts';
import { addComment } from '../comments/service.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';

const STORE = 'SEOUL-GANGNAM';

/** Customer and process results belong to the division manager's line; financial and learning to head office. */
const OWNER_BY_PERSPECTIVE: Record<string, string> = { customer: 'demo-manager', process: 'demo-manager', financial: 'demo-admin', infrastructure: 'demo-admin' };

export async function seedDemoOwners(db: Db, actor: Actor, endMonth: string) {
  for (const account of DEMO_ACCOUNTS) {
    const user = await selectUserByUsername(db, account.username);
    if (user && !user.email) await changeProfile(db, actor, account.username, { email: `${account.username}@example.com` });
  }
  const objectives = await db.selectFrom('objective as o').innerJoin('perspective as p', 'p.id', 'o.perspective_id').select(['o.id', 'o.code', 'p.code as perspective']).execute();
  const indicators = await db.selectFrom('indicator').select(['code', 'objective_id']).where('objective_id', 'is not', null).execute();
  const perspectiveOf = new Map(objectives.map((o) => [Number(o.id), o.perspective]));
  await importModel(db, actor, {
    owners: [
      ...objectives.map((o) => ({ objective: o.code, owner: OWNER_BY_PERSPECTIVE[o.perspective] ?? 'demo-admin', updaters: [] })),
      ...indicators.map((i) => ({ indicator: i.code, owner: OWNER_BY_PERSPECTIVE[perspectiveOf.get(Number(i.objective_id))!] ?? 'demo-admin', updaters: ['demo-contributor'] })),
    ],
  });
  if (await db.selectFrom('comment').select('id').limit(1).executeTakeFirst()) return;
  const author = await selectUserByUsername(db, 'demo-contributor');
  if (!author) return;
  const principal = await principalForUser(db, author, 'cli');
  // Off-target indicators of the last months, newest first, until there are three to explain.
  const off: { code: string; period: string }[] = [];
  for (let back = 0; back < 6 && off.length < 3; back++) {
    const period = addMonths(endMonth, -back);
    const card = await getScorecard(db, STORE, period, { window: 'month' });
    for (const i of card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators))) {
      if ((i.status === 'off_track' || i.status === 'at_risk') && off.length < 3 && !off.some((o) => o.code === i.code)) off.push({ code: i.code, period });
    }
  }
  const texts = [
    (code: string) => `${code}: 리뉴얼 공사 기간에 매장 운영이 불안정했습니다. 다음 달 인력 재배치로 회복 예정입니다. @demo-manager 확인 부탁드립니다.`,
    (code: string) => `${code}: 신규 입사자 비중이 높아 업무 편차가 컸습니다. 주간 코칭을 시작했습니다.`,
    (code: string) => `${code}: 인근 경쟁점 개점 영향으로 보입니다. 지역 프로모션 효과를 다음 달 확인하겠습니다.`,
  ];
  for (const [index, indicator] of off.entries()) {
    await addComment(db, actor, principal, { indicator: indicator.code, unit: STORE, period: indicator.period, kind: 'analysis', body: texts[index](indicator.code) });
  }
}
