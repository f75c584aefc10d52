import { useTranslation } from 'react-i18next';
import { useCapacity, useLines, usePlantSummary } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { CapacityHeadline } from './CapacityHeadline';
import { LineCard } from './LineCard';
import { MasterData } from './MasterData';
import { PlantFacts } from './PlantFacts';
import { useYear } from './useYear';

export function PlantPage() {
  const { t } = useTranslation();
  const [year, setYear] = useYear();
  const summary = usePlantSummary();
  const lines = useLines();
  const capacity = useCapacity(year);
  return (
    <div className="page" data-testid="plant-page">
      <header className="page-header">
        <div>
          <p className="page-header__eyebrow">{t('plant:page.eyebrow')}</p>
          <h1>{summary.data?.site.name ?? t('plant:page.title')}</h1>
        </div>
      </header>
      <QueryView query={summary} what={t('plant:loading.plant')}>
        {(data) => <PlantFacts summary={data} />}
      </QueryView>
      <CapacityHeadline capacity={capacity} year={year} onYearChange={setYear} />
      <section className="section" aria-labelledby="lines-title">
        <h2 id="lines-title">{t('plant:page.lines')}</h2>
        <QueryView query={lines} what={t('plant:loading.lines')}>
          {(data) => (
            <div className="line-grid" data-testid="line-list">
              {data.map((line) => (
                <LineCard key={line.code} line={line} capacity={capacity} />
              ))}
            </div>
          )}
        </QueryView>
      </section>
      <MasterData />
    </div>
  );
}
