import { useId, useState } from 'react';
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
import { formatKg, locationPath } from './labels';
import {
  byHazard,
  exposureLabel,
  exposuresLabel,
  formatMetres,
  gapsByMagazine,
  listDivisions,
  missingRuleDivisions,
  sortedChecks,
} from './qd';
import { SitePlan } from './SitePlan';

const BASES: readonly { value: QdBasis; label: string; means: string }[] = [
  {
    value: 'limit',
    label: 'Sited at their limits',
    means:
      'Each magazine taken full: W is its net explosive limit, counted as the most hazardous division it may hold — what it is sited for.',
  },
  {
    value: 'stock',
    label: 'Stock now',
    means:
      'Each magazine as it stands: W is the net explosive quantity it holds now, by hazard division. An empty magazine asks no distance.',
  },
];

const plural = (n: number, one: string, many: string) =>
  `${formatInteger(n)} ${n === 1 ? one : many}`;

/**
 * The quantity-distance check of the magazines (D = K·W^(1/3)): what is too
 * close first, in plain words; every distance checked, required against
 * actual; what could not be checked and why; and the site plan with the
 * inhabited buildings and public traffic routes the magazines are sited
 * against.
 */
export function QuantityDistanceSection({ locations }: { locations: readonly Location[] }) {
  const id = useId();
  const [basis, setBasis] = useState<QdBasis>('limit');
  const report = useQuantityDistance(basis);
  const means = BASES.find((b) => b.value === basis)?.means;
  return (
    <section className="section" aria-labelledby={`${id}-qd`} data-testid="qd-section">
      <div className="section__bar">
        <h2 id={`${id}-qd`}>Quantity-distance</h2>
        <fieldset className="segmented" data-testid="qd-basis">
          <legend className="visually-hidden">W taken as</legend>
          {BASES.map((b) => (
            <label key={b.value} className={basis === b.value ? 'is-checked' : undefined}>
              <input
                type="radio"
                name={`${id}-basis`}
                value={b.value}
                checked={basis === b.value}
                onChange={() => setBasis(b.value)}
              />
              {b.label}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="st-qd-means small">
        D = K·W<sup>1/3</sup> by hazard division, from each magazine to the inhabited buildings,
        public traffic routes and other magazines of the plant file. {means}
      </p>
      {report.error ? (
        <ErrorPanel error={report.error} context="Checking the quantity-distance" />
      ) : report.data ? (
        <QdReportView
          report={report.data}
          locations={locations}
          stale={report.isPlaceholderData || report.data.basis !== basis}
        />
      ) : (
        <Loading what="the quantity-distance check" />
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
            {violations.length === 1 ? 'violation' : 'violations'}
          </span>
        </li>
        <li data-testid="qd-count-checked">
          <span className="counts__value">{formatInteger(checks.length)}</span>
          <span className="counts__label">distances checked</span>
        </li>
        <li data-testid="qd-count-not-checked">
          <span className="counts__value">{formatInteger(notChecked)}</span>
          <span className="counts__label">not checked</span>
        </li>
      </ul>

      <Violations report={report} checks={checks} />

      <SitePlanOrNote report={report} locations={locations} checks={checks} />

      <h3 id={`${id}-checks`}>Distances checked</h3>
      <ChecksTable checks={checks} labelledBy={`${id}-checks`} />

      {notChecked > 0 && (
        <>
          <h3 id={`${id}-gaps`}>
            Not checked{' '}
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
  const { violations } = report;
  if (violations.length > 0) {
    return (
      <div className="st-qd-violations" role="alert" data-testid="qd-violations">
        <p className="st-qd-violations__title">
          {violations.length === 1
            ? 'A magazine is closer than the distance required'
            : `${formatInteger(violations.length)} distances are shorter than required`}
        </p>
        <ul className="st-qd-violations__list">
          {violations.map((v) => (
            <li key={v.message} data-testid={`qd-violation-${v.magazine}`}>
              <strong>
                <Link to={locationPath(v.magazine)}>{v.magazine}</Link>:{' '}
                {formatMetres(v.requiredM - v.actualM)} too close.
              </strong>{' '}
              <span className="st-qd-violations__message">{v.message}.</span>
            </li>
          ))}
        </ul>
        <p className="st-qd-violations__next small">
          Move or reduce what the magazine holds, or ask the safety officer: the distances come from
          the factors in force and the positions in the plant file.
        </p>
      </div>
    );
  }
  if (checks.length > 0) {
    return (
      <p className="form-notice form-notice--ok" role="status" data-testid="qd-no-violation">
        No violation: each of the {plural(checks.length, 'distance', 'distances')} checked is at
        least the distance required.
      </p>
    );
  }
  return (
    <p className="form-notice" role="status" data-testid="qd-no-violation">
      No violation.{' '}
      {report.gaps.length > 0
        ? `No distance could be checked with the factors in force, though: the ${plural(report.gaps.length, 'distance', 'distances')} not checked are listed below.`
        : report.basis === 'stock'
          ? 'No magazine holds explosives now: there is no distance to check.'
          : 'No magazine has a limit or a hazard division to site it for.'}
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
          The inhabited buildings and public traffic routes could not be read from the plant file,
          so the site plan is not drawn; the checks below are the server’s and stand.
        </p>
        <ErrorPanel error={site.error} context="Reading the plant file’s exposures" />
      </>
    );
  }
  if (!site.exposures) return <Loading what="the site plan" />;
  if (magazines.length === 0 && site.exposures.length === 0) return null;
  return (
    <>
      <SitePlan magazines={magazines} exposures={site.exposures} checks={checks} />
      {site.exposures.length === 0 && (
        <p className="form-notice form-notice--warn" data-testid="qd-no-exposures">
          The plant file lists no inhabited building and no public traffic route (safety.exposures):
          only the distances between magazines can be checked.
        </p>
      )}
    </>
  );
}

function ChecksTable({ checks, labelledBy }: { checks: readonly QdCheck[]; labelledBy: string }) {
  if (checks.length === 0) {
    return (
      <p className="muted" data-testid="qd-no-checks">
        None: no distance of these magazines has a rule in force for what they are counted to hold.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table" data-testid="qd-checks" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Magazine</th>
            <th scope="col">Exposure</th>
            <th scope="col">Division</th>
            <th scope="col" className="num">
              W
            </th>
            <th scope="col" className="num">
              Required
            </th>
            <th scope="col" className="num">
              Actual
            </th>
            <th scope="col">OK</th>
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
                <td>HD {check.division}</td>
                <td className="num">{formatKg(check.netExplosiveKg)}</td>
                <td className="num">{formatMetres(check.requiredM)}</td>
                <td className="num">{formatMetres(check.actualM)}</td>
                <td>
                  {check.ok ? (
                    <span className="badge badge--ok st-qd-badge">ok</span>
                  ) : (
                    <span className="badge badge--danger st-qd-badge">
                      {formatMetres(check.requiredM - check.actualM)} short
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
  const missing = missingRuleDivisions(report);
  const rows = gapsByMagazine(report);
  return (
    <>
      {missing.length > 0 && (
        <p className="form-notice" data-testid="qd-no-rule">
          No verified distance rule for {listDivisions(missing)}: the safety officer’s factors go in
          the plant file (<code>safety.quantityDistance</code>). Until they do, these distances are
          listed here rather than guessed. This is not a violation.
        </p>
      )}
      <div className="table-scroll">
        <table className="table" data-testid="qd-gaps" aria-labelledby={labelledBy}>
          <thead>
            <tr>
              <th scope="col">Magazine</th>
              <th scope="col">Counted as</th>
              <th scope="col">Not checked to</th>
              <th scope="col">Why</th>
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
                        HD {division} · {formatKg(kg)}
                      </span>
                    ))}
                </td>
                <td>{row.exposures.map(exposuresLabel).join(', ')}</td>
                <td className="small">
                  {row.reasons.map((r) => (
                    <span key={r.text} className="st-qd-why">
                      {r.text}
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
