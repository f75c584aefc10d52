import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  exposureKindOf,
  type QdBasis,
  type QdCheck,
  type QdReport,
  useQuantityDistance,
  useSiteExposures,
} from '../../api/storage';
import type { Location } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../format';
import { currentLocale } from '../../i18n';
import { divisionLabel, exposureLabel, exposuresLabel, formatKg, locationPath } from './labels';
import {
  byHazard,
  formatList,
  formatMetres,
  type GapReason,
  gapsByMagazine,
  missingRuleDivisions,
  sortedChecks,
} from './qd';
import { SitePlan } from './SitePlan';

/** What W is taken as; each has a label and a meaning under storage:qd.basis. */
const BASES: readonly QdBasis[] = ['limit', 'stock'];

/** The formula, the same in every language; its exponent is set as a superscript. */
const FORMULA = 'D = K·W';
/** Where the plant file keeps the safety officer's factors: a path, not words. */
const FACTORS_PATH = 'safety.quantityDistance';

/**
 * The quantity-distance check of the magazines (D = K·W^(1/3)): what is too
 * close first, in plain words; every distance checked, required against
 * actual; what could not be checked and why; and the site plan with the
 * inhabited buildings and public traffic routes the magazines are sited
 * against.
 */
export function QuantityDistanceSection({ locations }: { locations: readonly Location[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [basis, setBasis] = useState<QdBasis>('limit');
  const report = useQuantityDistance(basis);
  return (
    <section className="section" aria-labelledby={`${id}-qd`} data-testid="qd-section">
      <div className="section__bar">
        <h2 id={`${id}-qd`}>{t('storage:qd.title')}</h2>
        <fieldset className="segmented" data-testid="qd-basis">
          <legend className="visually-hidden">{t('storage:qd.basis.legend')}</legend>
          {BASES.map((b) => (
            <label key={b} className={basis === b ? 'is-checked' : undefined}>
              <input
                type="radio"
                name={`${id}-basis`}
                value={b}
                checked={basis === b}
                onChange={() => setBasis(b)}
              />
              {t(`storage:qd.basis.label.${b}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="st-qd-means small">
        {FORMULA}
        <sup>1/3</sup> {t('storage:qd.intro')} {t(`storage:qd.basis.means.${basis}`)}
      </p>
      {report.error ? (
        <ErrorPanel error={report.error} context={t('storage:loading.qdFailed')} />
      ) : report.data ? (
        <QdReportView
          report={report.data}
          locations={locations}
          stale={report.isPlaceholderData || report.data.basis !== basis}
        />
      ) : (
        <Loading what={t('storage:loading.qd')} />
      )}
    </section>
  );
}

function QdReportView({
  report,
  locations,
  stale,
}: {
  report: QdReport;
  locations: readonly Location[];
  stale: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const checks = sortedChecks(report);
  const violations = report.violations;
  const notChecked = report.gaps.length;
  return (
    <div
      className={`st-qd${stale ? ' is-stale' : ''}`}
      data-testid="qd-report"
      data-basis={report.basis}
      aria-busy={stale}
    >
      <ul className="counts" data-testid="qd-counts">
        <li
          data-testid="qd-count-violations"
          className={violations.length > 0 ? 'st-qd-bad' : undefined}
        >
          <span className="counts__value">{formatInteger(violations.length)}</span>
          <span className="counts__label">
            {t('storage:qd.counts.violations', { count: violations.length })}
          </span>
        </li>
        <li data-testid="qd-count-checked">
          <span className="counts__value">{formatInteger(checks.length)}</span>
          <span className="counts__label">
            {t('storage:qd.counts.checked', { count: checks.length })}
          </span>
        </li>
        <li data-testid="qd-count-not-checked">
          <span className="counts__value">{formatInteger(notChecked)}</span>
          <span className="counts__label">
            {t('storage:qd.counts.notChecked', { count: notChecked })}
          </span>
        </li>
      </ul>

      <Violations report={report} checks={checks} />

      <SitePlanOrNote report={report} locations={locations} checks={checks} />

      <h3 id={`${id}-checks`}>{t('storage:qd.checks.title')}</h3>
      <ChecksTable checks={checks} labelledBy={`${id}-checks`} />

      {notChecked > 0 && (
        <>
          <h3 id={`${id}-gaps`}>
            {t('storage:qd.gaps.title')}{' '}
            <span className="badge badge--info" data-testid="qd-gap-count">
              {formatInteger(notChecked)}
            </span>
          </h3>
          <NotChecked report={report} labelledBy={`${id}-gaps`} />
        </>
      )}
    </div>
  );
}

/** What is too close, first and in words; or that nothing is, and how much that says. */
function Violations({ report, checks }: { report: QdReport; checks: readonly QdCheck[] }) {
  const { t } = useTranslation();
  const { violations } = report;
  if (violations.length > 0) {
    return (
      <div className="st-qd-violations" role="alert" data-testid="qd-violations">
        <p className="st-qd-violations__title">
          {t('storage:qd.violations.title', {
            count: violations.length,
            n: formatInteger(violations.length),
          })}
        </p>
        <ul className="st-qd-violations__list">
          {violations.map((v) => (
            <li key={`${v.magazine}/${v.target.code}`} data-testid={`qd-violation-${v.magazine}`}>
              <strong>
                <Link to={locationPath(v.magazine)}>{v.magazine}</Link>:{' '}
                {t('storage:qd.violations.tooClose', {
                  distance: formatMetres(v.requiredM - v.actualM),
                })}
              </strong>{' '}
              <span className="st-qd-violations__message">
                {t('storage:qd.violations.finding', {
                  magazine: v.magazine,
                  division: divisionLabel(v.division),
                  neq: formatKg(v.netExplosiveKg),
                  actual: formatMetres(v.actualM),
                  target: v.target.code,
                  name: v.target.name ?? v.target.code,
                  required: formatMetres(v.requiredM),
                  exposures: exposuresLabel(exposureKindOf(v.target)),
                  short: formatMetres(v.requiredM - v.actualM),
                })}
              </span>
            </li>
          ))}
        </ul>
        <p className="st-qd-violations__next small">{t('storage:qd.violations.next')}</p>
      </div>
    );
  }
  if (checks.length > 0) {
    return (
      <p className="form-notice form-notice--ok" role="status" data-testid="qd-no-violation">
        {t('storage:qd.noViolation.checked', {
          count: checks.length,
          n: formatInteger(checks.length),
        })}
      </p>
    );
  }
  return (
    <p className="form-notice" role="status" data-testid="qd-no-violation">
      {t('storage:qd.noViolation.title')}{' '}
      {report.gaps.length > 0
        ? t('storage:qd.noViolation.allGaps', {
            count: report.gaps.length,
            n: formatInteger(report.gaps.length),
          })
        : report.basis === 'stock'
          ? t('storage:qd.noViolation.emptyStock')
          : t('storage:qd.noViolation.nothingToSite')}
    </p>
  );
}

function SitePlanOrNote({
  report,
  locations,
  checks,
}: {
  report: QdReport;
  locations: readonly Location[];
  checks: readonly QdCheck[];
}) {
  const { t } = useTranslation();
  const site = useSiteExposures();
  const inReport = new Set(report.magazines.map((m) => m.code));
  const magazines = locations.flatMap((l) =>
    inReport.has(l.code) && l.position
      ? [{ code: l.code, name: l.name, position: l.position }]
      : [],
  );
  if (site.error) {
    return (
      <>
        <p className="form-notice form-notice--warn" data-testid="qd-no-exposures">
          {t('storage:qd.plan.unreadable')}
        </p>
        <ErrorPanel error={site.error} context={t('storage:loading.exposuresFailed')} />
      </>
    );
  }
  if (!site.exposures) return <Loading what={t('storage:loading.sitePlan')} />;
  if (magazines.length === 0 && site.exposures.length === 0) return null;
  return (
    <>
      <SitePlan magazines={magazines} exposures={site.exposures} checks={checks} />
      {site.exposures.length === 0 && (
        <p className="form-notice form-notice--warn" data-testid="qd-no-exposures">
          {t('storage:qd.plan.noExposures')}
        </p>
      )}
    </>
  );
}

function ChecksTable({ checks, labelledBy }: { checks: readonly QdCheck[]; labelledBy: string }) {
  const { t } = useTranslation();
  if (checks.length === 0) {
    return (
      <p className="muted" data-testid="qd-no-checks">
        {t('storage:qd.checks.none')}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table" data-testid="qd-checks" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t('storage:columns.magazine')}</th>
            <th scope="col">{t('storage:qd.checks.exposure')}</th>
            <th scope="col">{t('storage:qd.checks.division')}</th>
            <th scope="col" className="num">
              {t('storage:qd.checks.w')}
            </th>
            <th scope="col" className="num">
              {t('storage:qd.checks.required')}
            </th>
            <th scope="col" className="num">
              {t('storage:qd.checks.actual')}
            </th>
            <th scope="col">{t('storage:qd.checks.ok')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => {
            const kind = exposureKindOf(check.target);
            return (
              <tr
                key={`${check.magazine}/${check.target.code}`}
                className={check.ok ? undefined : 'st-qd-short'}
                data-testid={`qd-check-${check.magazine}-${check.target.code}`}
                data-ok={check.ok}
              >
                <th scope="row">
                  <Link to={locationPath(check.magazine)}>{check.magazine}</Link>
                </th>
                <td>
                  <code className="code">{check.target.code}</code>{' '}
                  <span className="small">{check.target.name}</span>
                  <span className="st-name small">{exposureLabel(kind)}</span>
                </td>
                <td>{divisionLabel(check.division)}</td>
                <td className="num">{formatKg(check.netExplosiveKg)}</td>
                <td className="num">{formatMetres(check.requiredM)}</td>
                <td className="num">{formatMetres(check.actualM)}</td>
                <td>
                  {check.ok ? (
                    <span className="badge badge--ok st-qd-badge">
                      {t('storage:qd.checks.okBadge')}
                    </span>
                  ) : (
                    <span className="badge badge--danger st-qd-badge">
                      {t('storage:qd.checks.short', {
                        distance: formatMetres(check.requiredM - check.actualM),
                      })}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The distances no rule decides, a magazine a row; a calm word on why when it is a missing rule. */
function NotChecked({ report, labelledBy }: { report: QdReport; labelledBy: string }) {
  const { t } = useTranslation();
  const missing = missingRuleDivisions(report);
  const rows = gapsByMagazine(report);
  return (
    <>
      {missing.length > 0 && (
        <p className="form-notice" data-testid="qd-no-rule">
          {t('storage:qd.noRule.lead', {
            divisions: formatList(missing.map(divisionLabel), currentLocale()),
          })}{' '}
          (<code>{FACTORS_PATH}</code>). {t('storage:qd.noRule.rest')}
        </p>
      )}
      <div className="table-scroll">
        <table className="table" data-testid="qd-gaps" aria-labelledby={labelledBy}>
          <thead>
            <tr>
              <th scope="col">{t('storage:columns.magazine')}</th>
              <th scope="col">{t('storage:qd.gaps.countedAs')}</th>
              <th scope="col">{t('storage:qd.gaps.notCheckedTo')}</th>
              <th scope="col">{t('storage:qd.gaps.why')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.magazine} data-testid={`qd-gap-${row.magazine}`} data-count={row.count}>
                <th scope="row">
                  <Link to={locationPath(row.magazine)}>{row.magazine}</Link>
                  <span className="st-name small">{row.name}</span>
                </th>
                <td>
                  {Object.entries(row.neqKgByDivision)
                    .sort(([a], [b]) => byHazard(a, b))
                    .map(([division, kg]) => (
                      <span key={division} className="st-holds">
                        {divisionLabel(division)} · {formatKg(kg)}
                      </span>
                    ))}
                </td>
                <td>{row.exposures.map(exposuresLabel).join(', ')}</td>
                <td className="small">
                  {row.reasons.map((r) => (
                    <span
                      key={`${r.kind}/${r.division}/${r.exposure}/${r.reason}`}
                      className="st-qd-why"
                    >
                      <GapReasonText reason={r} magazine={row.magazine} />
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * Why a distance was not checked, in the reader's language for the kinds the
 * server reports (src/modules/storage/quantity-distance.ts QdGap); a kind this
 * page does not know yet is shown in the server's own words.
 */
function GapReasonText({ reason, magazine }: { reason: GapReason; magazine: string }) {
  const { t } = useTranslation();
  const division = reason.division === undefined ? undefined : divisionLabel(reason.division);
  if (reason.kind === 'no_rule' && division) {
    return <>{t('storage:qd.gaps.reason.noRule', { division })}</>;
  }
  if (reason.kind === 'out_of_range' && division && reason.netExplosiveKg !== undefined) {
    const words = {
      division,
      exposures: exposuresLabel(reason.exposure),
      neq: formatKg(reason.netExplosiveKg),
    };
    // Between magazines the factors may also be for other types of magazine.
    return (
      <>
        {reason.exposure === 'intermagazine'
          ? t('storage:qd.gaps.reason.outOfRangeMagazines', words)
          : t('storage:qd.gaps.reason.outOfRange', words)}
      </>
    );
  }
  if (reason.kind === 'no_position') {
    return <>{t('storage:qd.gaps.reason.noPosition', { magazine })}</>;
  }
  return <>{reason.reason}</>;
}
