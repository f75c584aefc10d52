import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useLines } from '../../api/plant';
import { type TwinRun, useScenarios, useTwinRuns, useTwinRunsById } from '../../api/twin';
import { useCan } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatDecimal, formatInteger } from '../../format';
import { Comparison } from './Comparison';
import {
  askedFor,
  comparedRuns,
  defaultPicks,
  MAX_COMPARED,
  parsePicks,
  runLabel,
  togglePick,
} from './compare';
import { RunForm } from './RunForm';
import { RunsList } from './RunsList';
import './twin.css';

/** The address parameter that holds the compared runs' ids. */
const COMPARE = 'compare';

/** /twin?compare=id,id — run scenarios of the plant and compare their runs side by side. */
export function TwinPage() {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const scenarios = useScenarios();
  const runs = useTwinRuns();
  const plantLines = useLines();
  const [params, setParams] = useSearchParams();
  const [latest, setLatest] = useState<TwinRun>();

  const listed = runs.data ?? [];
  const explicit = parsePicks(params.get(COMPARE));
  const picks = explicit ?? defaultPicks(listed);
  // Runs linked to that are older than the list are fetched one by one.
  const missing = picks.filter((p) => !listed.some((r) => r.id === p));
  const fetched = useTwinRunsById(runs.isSuccess ? missing : []);
  const pickedRuns = picks.flatMap((p) => {
    const run = listed.find((r) => r.id === p) ?? fetched.find((q) => q.data?.id === p)?.data;
    return run ? [run] : [];
  });
  // A run never changes once made: the ids (and the language, which `t` follows)
  // say whether the comparison changed, so the charts are not drawn again on every render.
  const pickedIds = pickedRuns.map((r) => r.id).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the runs' ids (see above)
  const compared = useMemo(() => comparedRuns(t, pickedRuns), [pickedIds, t]);
  const lost = fetched.filter((q) => q.isError).length;

  const setPicks = (next: readonly string[]) =>
    setParams(
      (current) => {
        const changed = new URLSearchParams(current);
        changed.set(COMPARE, next.join(','));
        return changed;
      },
      { replace: true },
    );

  function onRan(run: TwinRun) {
    setLatest(run);
    // Without picks of one's own the newest runs are compared, the new one among them.
    if (explicit) setPicks([...explicit.filter((p) => p !== run.id), run.id].slice(-MAX_COMPARED));
  }

  return (
    <div className="page" data-testid="twin-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('twin:page.eyebrow')}</p>
          <h1>{t('twin:page.title')}</h1>
        </div>
        <div className="form__actions">
          <Link className="button" to="/twin/calibration" data-testid="twin-calibration-link">
            {t('twin:page.calibrationLink')}
          </Link>
        </div>
      </header>
      <p className="twin-lead">{t('twin:page.lead')}</p>

      <div className="twin-layout">
        <section className="twin-layout__main section" aria-labelledby={`${id}-runs`}>
          <h2 id={`${id}-runs`}>{t('twin:page.runs')}</h2>
          {latest && <RanNotice run={latest} />}
          <QueryView query={runs} what={t('twin:loading.runs')}>
            {(list) => (
              <RunsList
                runs={list}
                picks={picks}
                compared={compared}
                latest={latest?.id}
                onToggle={(run) => setPicks(togglePick(picks, run))}
              />
            )}
          </QueryView>
        </section>
        <aside className="twin-layout__side">
          {can('twin.run') ? (
            <QueryView query={scenarios} what={t('twin:loading.scenarios')}>
              {(list) => <RunForm scenarios={list} onRan={onRan} />}
            </QueryView>
          ) : (
            <p className="muted panel" data-testid="twin-read-only">
              {t('twin:page.readOnly')}
            </p>
          )}
        </aside>
      </div>

      <section className="section" aria-labelledby={`${id}-compare`}>
        <h2 id={`${id}-compare`}>{t('twin:page.comparison')}</h2>
        {lost > 0 && (
          <p className="form-notice form-notice--warn" role="alert">
            {t('twin:page.lost', { count: lost, n: formatInteger(lost) })}
          </p>
        )}
        {compared.length > 0 ? (
          <Comparison runs={compared} plantLines={plantLines.data ?? []} />
        ) : runs.isSuccess && fetched.some((q) => q.isPending) ? (
          <Loading what={t('twin:loading.compared')} />
        ) : (
          runs.isSuccess && (
            <p className="muted" data-testid="twin-nothing-compared">
              {listed.length > 0
                ? t('twin:page.tickToCompare', { max: MAX_COMPARED })
                : t('twin:page.runToCompare')}
            </p>
          )
        )}
      </section>
    </div>
  );
}

/** What the run just made says, once, above the list. */
function RanNotice({ run }: { run: TwinRun }) {
  const { t } = useTranslation();
  const asked = askedFor(t, run.input);
  const { total } = run.report;
  return (
    <p className="form-notice form-notice--ok" role="status" data-testid="twin-run-result">
      {t('twin:page.ran', {
        run: runLabel(t, run.input),
        asked: asked ? ` (${asked})` : '',
        replications: t('twin:replications', {
          count: run.replications,
          n: formatInteger(run.replications),
        }),
        seconds: formatDecimal(run.wallMs / 1000),
        total: formatInteger(total.mean),
        low: formatInteger(total.low),
        high: formatInteger(total.high),
      })}
    </p>
  );
}
