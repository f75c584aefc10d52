import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCapacity, useLine } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { LineCard } from './LineCard';
import { useYear } from './useYear';
import { YearSelect } from './YearSelect';

/** One line alone, at /plant/lines/:code. */
export function LinePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [year, setYear] = useYear();
  const line = useLine(code);
  const capacity = useCapacity(year);
  return (
    <div className="page" data-testid="line-page">
      <div className="page-bar">
        <nav className="breadcrumbs" aria-label={t('plant:page.breadcrumb')}>
          <ol>
            <li>
              <Link to="/plant">{t('plant:page.title')}</Link>
            </li>
            <li aria-current="page">{t('plant:page.lineCrumb', { code })}</li>
          </ol>
        </nav>
        <YearSelect year={year} onChange={setYear} />
      </div>
      <QueryView query={line} what={t('plant:loading.line')}>
        {(data) => <LineCard line={data} capacity={capacity} detailed />}
      </QueryView>
    </div>
  );
}
