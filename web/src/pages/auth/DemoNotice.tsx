import { useAuthConfig } from '../../api/auth';

export function DemoNotice() {
  const config = useAuthConfig();
  if (!config.data?.demo) return null;
  return (
    <section className="demo-notice" data-testid="demo-notice" aria-labelledby="demo-notice-title">
      <h2 id="demo-notice-title">DEMO MODE</h2>
      <p>This server is for trying Lotline. One demo user exists for each role:</p>
      <ul className="code-list">
        {config.data.demoUsers.map((name) => (
          <li key={name}>
            <code className="code">{name}</code>
          </li>
        ))}
      </ul>
      <p className="small">
        They share one password, printed on the server console when it first started.
      </p>
    </section>
  );
}
