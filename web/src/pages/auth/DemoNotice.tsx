import { useTranslation } from 'react-i18next';
import { useAuthConfig } from '../../api/auth';

/** On the sign-in page of a demo server: the demo users there are to try. */
export function DemoNotice() {
  const { t } = useTranslation();
  const config = useAuthConfig();
  if (!config.data?.demo) return null;
  return (
    <section className="demo-notice" data-testid="demo-notice" aria-labelledby="demo-notice-title">
      <h2 id="demo-notice-title">{t('auth:demo.mode')}</h2>
      <p>{t('auth:demo.notice')}</p>
      <ul className="code-list">
        {config.data.demoUsers.map((name) => (
          <li key={name}>
            <code className="code">{name}</code>
          </li>
        ))}
      </ul>
      <p className="small">{t('auth:demo.sharedPassword')}</p>
    </section>
  );
}
