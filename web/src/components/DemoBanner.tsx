import { useAuthConfig } from '../api/auth';

/** Across the top of every page while the server runs in demo mode. */
export function DemoBanner() {
  const config = useAuthConfig();
  if (!config.data?.demo) return null;
  return (
    <p className="demo-banner" data-testid="demo-banner">
      <strong>DEMO MODE</strong> — demo users with a shared password exist on this server. Do not
      run a real plant in demo mode.
    </p>
  );
}
