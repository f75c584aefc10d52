import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/Layout';
import { LinePage } from './pages/plant/LinePage';
import { PlantPage } from './pages/plant/PlantPage';
import { NotBuiltPage } from './pages/sections/NotBuiltPage';
import { NotFoundPage } from './pages/sections/NotFoundPage';
import { RouteError } from './pages/sections/RouteError';
import { SECTIONS } from './sections';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/plant" replace /> },
      { path: 'plant', element: <PlantPage /> },
      { path: 'plant/lines/:code', element: <LinePage /> },
      ...SECTIONS.filter((s) => s.comingWith).map((section) => ({
        path: section.path,
        element: <NotBuiltPage section={section} />,
      })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
