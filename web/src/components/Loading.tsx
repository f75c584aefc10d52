import { useTranslation } from 'react-i18next';

/** A wait, in words: `what` is already in the reader's language ("the lines", "las líneas"). */
export function Loading({ what }: { what: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      {t('common:loading.what', { what })}
    </p>
  );
}
