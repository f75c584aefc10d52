import type { ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { RequirePermission, RequireSession } from './auth/guards';
import { Layout } from './components/Layout';
import { StatusPage } from './pages/admin/StatusPage';
import { UsersPage } from './pages/admin/UsersPage';
import { AuditPage } from './pages/audit/AuditPage';
import { ChangePasswordPage } from './pages/auth/ChangePasswordPage';
import { SignInPage } from './pages/auth/SignInPage';
import { FloorLinePage } from './pages/floor/FloorLinePage';
import { FloorPage } from './pages/floor/FloorPage';
import { HomeRedirect } from './pages/floor/HomeRedirect';
import { LotPage } from './pages/lots/LotPage';
import { LotsPage } from './pages/lots/LotsPage';
import { maintenanceRoutes } from './pages/maintenance/routes';
import { planningRoutes } from './pages/planning/routes';
import { LinePage } from './pages/plant/LinePage';
import { PlantPage } from './pages/plant/PlantPage';
import { ProductionPage } from './pages/production/ProductionPage';
import { TerminalChooser } from './pages/production/TerminalChooser';
import { TerminalPage } from './pages/production/TerminalPage';
import { WorkOrderPage } from './pages/production/WorkOrderPage';
import { DispositionPage } from './pages/quality/DispositionPage';
import { InspectionPage } from './pages/quality/InspectionPage';
import { NonconformancePage } from './pages/quality/NonconformancePage';
import { NonconformancesPage } from './pages/quality/NonconformancesPage';
import { QualityPage } from './pages/quality/QualityPage';
import { SpcPage } from './pages/quality/SpcPage';
import { SwitchingPage } from './pages/quality/SwitchingPage';
import { RecallPage } from './pages/recalls/RecallPage';
import { RecallsPage } from './pages/recalls/RecallsPage';
import { ReportsPage } from './pages/reports/ReportsPage';
import { NotBuiltPage } from './pages/sections/NotBuiltPage';
import { NotFoundPage } from './pages/sections/NotFoundPage';
import { RouteError } from './pages/sections/RouteError';
import { OrderPage } from './pages/shipping/OrderPage';
import { OrdersPage } from './pages/shipping/OrdersPage';
import { PickingListPage } from './pages/shipping/PickingListPage';
import { ShipmentPage } from './pages/shipping/ShipmentPage';
import { ShipmentsPage } from './pages/shipping/ShipmentsPage';
import { LocationPage } from './pages/storage/LocationPage';
import { LotMovementsPage } from './pages/storage/LotMovementsPage';
import { StockSearchPage } from './pages/storage/StockSearchPage';
import { StoragePage } from './pages/storage/StoragePage';
import { CalibrationPage } from './pages/twin/CalibrationPage';
import { TwinPage } from './pages/twin/TwinPage';
import { SECTIONS } from './sections';

const needs = (permission: string, page: ReactNode) => (
  <RequirePermission permission={permission}>{page}</RequirePermission>
);

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  { path: '/change-password', element: <ChangePasswordPage />, errorElement: <RouteError /> },
  {
    // The line terminal fills the touch screen: no section navigation around it.
    path: '/production/terminal/:line',
    element: <RequireSession>{needs('production.read', <TerminalPage />)}</RequireSession>,
    errorElement: <RouteError />,
  },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'plant', element: needs('plant.read', <PlantPage />) },
      { path: 'floor', element: needs('production.read', <FloorPage />) },
      { path: 'floor/lines/:line', element: needs('production.read', <FloorLinePage />) },
      { path: 'plant/lines/:code', element: needs('plant.read', <LinePage />) },
      { path: 'production', element: needs('production.read', <ProductionPage />) },
      {
        path: 'production/work-orders/:id',
        element: needs('production.read', <WorkOrderPage />),
      },
      { path: 'production/terminal', element: needs('production.read', <TerminalChooser />) },
      { path: 'lots', element: needs('lots.read', <LotsPage />) },
      { path: 'lots/:lot', element: needs('lots.read', <LotPage />) },
      { path: 'recalls', element: needs('lots.read', <RecallsPage />) },
      { path: 'recalls/:number', element: needs('lots.read', <RecallPage />) },
      { path: 'quality', element: needs('quality.read', <QualityPage />) },
      {
        path: 'quality/inspections/:number',
        element: needs('quality.read', <InspectionPage />),
      },
      { path: 'quality/lots/:lot', element: needs('quality.read', <DispositionPage />) },
      { path: 'quality/spc', element: needs('quality.read', <SpcPage />) },
      {
        path: 'quality/switching/:stream',
        element: needs('quality.read', <SwitchingPage />),
      },
      {
        path: 'quality/nonconformances',
        element: needs('quality.read', <NonconformancesPage />),
      },
      {
        path: 'quality/nonconformances/:number',
        element: needs('quality.read', <NonconformancePage />),
      },
      { path: 'storage', element: needs('storage.read', <StoragePage />) },
      { path: 'storage/stock', element: needs('storage.read', <StockSearchPage />) },
      { path: 'storage/locations/:code', element: needs('storage.read', <LocationPage />) },
      { path: 'storage/lots/:lot', element: needs('storage.read', <LotMovementsPage />) },
      { path: 'storage/orders', element: needs('storage.read', <OrdersPage />) },
      { path: 'storage/orders/:number', element: needs('storage.read', <OrderPage />) },
      {
        path: 'storage/orders/:number/picking-list',
        element: needs('storage.read', <PickingListPage />),
      },
      { path: 'storage/shipments', element: needs('storage.read', <ShipmentsPage />) },
      { path: 'storage/shipments/:number', element: needs('storage.read', <ShipmentPage />) },
      ...planningRoutes,
      { path: 'twin', element: needs('twin.read', <TwinPage />) },
      { path: 'twin/calibration', element: needs('twin.read', <CalibrationPage />) },
      ...maintenanceRoutes,
      { path: 'reports', element: needs('plant.read', <ReportsPage />) },
      ...SECTIONS.filter((s) => s.comingWith).map((section) => ({
        path: section.path,
        element: needs(section.permission, <NotBuiltPage section={section} />),
      })),
      { path: 'audit', element: needs('audit.read', <AuditPage />) },
      { path: 'admin/users', element: needs('users.manage', <UsersPage />) },
      { path: 'admin/status', element: needs('system.monitor', <StatusPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
