import { useTranslation } from 'react-i18next';
import { useAuthConfig } from '../api/auth';

/** Across the top of every page while the server runs in demo mode. */
export function DemoBanner() {
  const { t } = useTranslation();
  const config = useAuthConfig();
  if (!config.data?.demo) return null;
  return (
    <p className="demo-banner" data-testid="demo-banner">
      <strong>{t('auth:demo.mode')}</strong> — {t('auth:demo.banner')}
    </p>
  );
}
