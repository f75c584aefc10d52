import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface OneTimeSecretProps {
  /** In the reader's language. */
  title: string;
  secret: string;
  /** What to do with it; the panel adds that it is shown only once. */
  children?: ReactNode;
  onDismiss: () => void;
  testId?: string;
}

/** A password or token the server returns once: shown until dismissed, with a copy button. */
export function OneTimeSecret({ title, secret, children, onDismiss, testId }: OneTimeSecretProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'no'>();
  const code = useRef<HTMLElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  // Bring it into view and to the keyboard: it is the one thing to act on now.
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'nearest' });
    panel.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, say): select the text for Ctrl+C.
      const range = document.createRange();
      if (code.current) range.selectNodeContents(code.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied('no');
    }
  }

  return (
    <div
      ref={panel}
      className="one-time-secret"
      role="status"
      tabIndex={-1}
      data-testid={testId ?? 'one-time-secret'}
    >
      <p className="one-time-secret__title">{title}</p>
      <p className="one-time-secret__value">
        <code ref={code} data-testid="secret-value">
          {secret}
        </code>
        <button type="button" className="button button--small" onClick={() => void copy()}>
          {t('common:actions.copy')}
        </button>
        <span className="small muted" aria-live="polite">
          {copied === 'yes'
            ? t('common:secret.copied')
            : copied === 'no'
              ? t('common:secret.selected')
              : ''}
        </span>
      </p>
      {children && <div className="small">{children}</div>}
      <p className="small">
        <strong>{t('common:secret.shownOnce')}</strong> {t('common:secret.hashOnly')}
      </p>
      <button type="button" className="button button--small" onClick={onDismiss}>
        {t('common:actions.dismiss')}
      </button>
    </div>
  );
}
