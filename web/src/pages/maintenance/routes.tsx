// The maintenance section's routes, spread into the app's router.
import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/guards';
import { BoardPage } from './BoardPage';
import { EquipmentListPage } from './EquipmentListPage';
import { EquipmentPage } from './EquipmentPage';
import { SparePartsPage } from './SparePartsPage';
import { WorkPage } from './WorkPage';

// Reading needs maintenance.read; each page offers its commands only to those
// whose roles allow them (maintenance.request, maintenance.work).
const read = (page: ReactNode) => (
  <RequirePermission permission="maintenance.read">{page}</RequirePermission>
);

export const maintenanceRoutes: RouteObject[] = [
  { path: 'maintenance', element: read(<BoardPage />) },
  { path: 'maintenance/equipment', element: read(<EquipmentListPage />) },
  { path: 'maintenance/equipment/:line/:station', element: read(<EquipmentPage />) },
  { path: 'maintenance/jobs/:number', element: read(<WorkPage />) },
  { path: 'maintenance/spare-parts', element: read(<SparePartsPage />) },
];
