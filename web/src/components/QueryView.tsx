import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from './ErrorPanel';
import { Loading } from './Loading';

interface QueryViewProps<T> {
  query: UseQueryResult<T>;
  /** What is loading, in words of the reader's language: "the lines", "las líneas". */
  what: string;
  children: (data: T) => ReactNode;
}

/** The three states of a query — loading, failed, loaded — drawn the same way everywhere. */
export function QueryView<T>({ query, what, children }: QueryViewProps<T>) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading what={what} />;
  if (query.isError) {
    return <ErrorPanel error={query.error} context={t('common:loading.context', { what })} />;
  }
  return <>{children(query.data)}</>;
}
