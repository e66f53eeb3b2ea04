import type { RouteDef } from './http/route.ts';
import { authRoutes } from './auth/routes.ts';
import { systemRoutes } from './system/routes.ts';
import { unitRoutes } from './units/routes.ts';
import { modelRoutes } from './model/routes.ts';
import { scorecardRoutes } from './scorecards/routes.ts';
import { measurementRoutes } from './measurements/routes.ts';
import { surveyRoutes } from './surveys/routes.ts';
import { jobRoutes } from './scheduling/routes.ts';
import { evaluationRoutes } from './evaluations/routes.ts';
import { initiativeRoutes } from './initiatives/routes.ts';
import { periodRoutes } from './periods/routes.ts';
import { ownerRoutes } from './owners/routes.ts';
import { profileRoutes } from './profile/routes.ts';
import { inboxRoutes } from './notifications/routes.ts';
import { commentRoutes } from './comments/routes.ts';
import { closeBoardRoutes } from './closeboard/routes.ts';
import { myWorkRoutes } from './mywork/routes.ts';
import { targetRoutes } from './targets/routes.ts';
import { payRoutes } from './pay/routes.ts';
import { vocRoutes } from './voc/routes.ts';
import { exportRoutes } from './exports/routes.ts';

/** Every API route, mounted under /api/v1 and described in the OpenAPI document. */
export const apiRoutes: RouteDef[] = [...authRoutes, ...unitRoutes, ...modelRoutes, ...scorecardRoutes, ...measurementRoutes, ...surveyRoutes, ...jobRoutes, ...evaluationRoutes, ...initiativeRoutes, ...periodRoutes, ...systemRoutes, ...targetRoutes, ...ownerRoutes, ...profileRoutes, ...inboxRoutes, ...commentRoutes, ...closeBoardRoutes, ...myWorkRoutes, ...payRoutes, ...vocRoutes, ...exportRoutes];
