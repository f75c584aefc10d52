import { Navigate } from 'react-router';
import { useCan } from '../../auth/session';

/** The first page: the live floor for those who follow production, else the plant. */
export function HomeRedirect() {
  const can = useCan();
  return <Navigate to={can('production.read') ? '/floor' : '/plant'} replace />;
}
