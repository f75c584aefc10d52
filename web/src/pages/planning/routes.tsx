// The planning section's routes, spread into the app's router.
import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/guards';
import { DisruptionPage } from './DisruptionPage';
import { MpsPage } from './MpsPage';
import { SchedulePage } from './SchedulePage';
import { ShortagesPage } from './ShortagesPage';

const read = (page: ReactNode) => (
  <RequirePermission permission="planning.read">{page}</RequirePermission>
);

export const planningRoutes: RouteObject[] = [
  { path: 'planning', element: read(<SchedulePage />) },
  { path: 'planning/schedule', element: read(<SchedulePage />) },
  { path: 'planning/shortages', element: read(<ShortagesPage />) },
  { path: 'planning/disruption', element: read(<DisruptionPage />) },
  { path: 'planning/mps', element: read(<MpsPage />) },
];
