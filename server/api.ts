import type { RouteDef } from './http/route.ts';
import { authRoutes } from './auth/routes.ts';
import { systemRoutes } from './system/routes.ts';
import { unitRoutes } from './units/routes.ts';
import { modelRoutes } from './model/routes.ts';
import { scorecardRoutes } from './scorecards/routes.ts';
import { measurementRoutes } from './measurements/routes.ts';
import { surveyRoutes } from './surveys/routes.ts';
import { jobRoutes } from './jobs/routes.ts';
import { evaluationRoutes } from './evaluations/routes.ts';
import { initiativeRoutes } from './initiatives/routes.ts';
import { periodRoutes } from './periods/routes.ts';
import { targetRoutes } from './targets/routes.ts';

/** Every API route, mounted under /api/v1 and described in the OpenAPI document. */
export const apiRoutes: RouteDef[] = [...authRoutes, ...unitRoutes, ...modelRoutes, ...scorecardRoutes, ...measurementRoutes, ...surveyRoutes, ...jobRoutes, ...evaluationRoutes, ...initiativeRoutes, ...periodRoutes, ...systemRoutes, ...targetRoutes];
