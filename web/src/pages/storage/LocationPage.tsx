import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLocations, useMaterials } from '../../api/plant';
import {
  type CountResult,
  type HandlingUnit,
  type StockLine,
  useContainersAt,
  useStock,
} from '../../api/storage';
import type { Location, Material } from '../../api/types';
import { useCan } from '../../auth/session';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatExact, formatInteger } from '../../format';
import { formatQuantity, lotPath } from '../lots/labels';
import { CycleCountDialog } from './CycleCountDialog';
import { Classes, FillBar } from './FillBar';
import { type LocationFill, storageFill } from './fill';
import {
  containerKindLabel,
  containerName,
  formatKg,
  locationKindLabel,
  locationPath,
  lotMovementsPath,
  magazineTypeLabel,
  movementKindLabel,
  storagePath,
} from './labels';
import { MoveContainersPanel } from './MoveContainersPanel';

/** /storage/locations/:code — what a location holds, its containers, moves into it and its counts. */
export function LocationPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const locations = useLocations();
  const materials = useMaterials();
  // The whole plant's stock: a building's fill is its bays' too (the map has it cached).
  const stock = useStock();
  const failed = locations.error ?? materials.error ?? stock.error;
  const location = locations.data?.find((l) => l.code === code);
  return (
    <div className="page" data-testid="location-page">
      <nav className="breadcrumbs" aria-label={t('storage:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('storage:overview.title')}</Link>
          </li>
          {location?.parent && (
            <li>
              <Link to={locationPath(location.parent)}>{location.parent}</Link>
            </li>
          )}
          <li aria-current="page">{code}</li>
        </ol>
      </nav>
      {failed ? (
        <ErrorPanel error={failed} context={t('storage:loading.locationFailed')} />
      ) : !locations.data || !materials.data || !stock.data ? (
        <Loading what={t('storage:loading.location')} />
      ) : !location ? (
        <div className="error-panel" role="alert" data-testid="error-panel">
          <p className="error-panel__title">{t('storage:location.notFound.title', { code })}</p>
          <p>
            {t('storage:location.notFound.body')}{' '}
            <Link to={storagePath}>{t('storage:location.notFound.all')}</Link>
          </p>
        </div>
      ) : (
        <LocationDetail
          key={location.code}
          location={location}
          locations={locations.data}
          materials={materials.data}
          stock={stock.data}
        />
      )}
    </div>
  );
}

/** A command of the page: a name tests and the keyboard reach it by, and what it does. */
interface LocationCommand {
  name: string;
  label: string;
  perform: () => void;
  primary?: boolean;
}

interface DetailProps {
  location: Location;
  locations: Location[];
  materials: Material[];
  stock: StockLine[];
}

function LocationDetail({ location, locations, materials, stock }: DetailProps) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const [moving, setMoving] = useState(false);
  const [counting, setCounting] = useState(false);
  const [moved, setMoved] = useState<HandlingUnit[]>();
  const [counted, setCounted] = useState<{
    result: CountResult;
    lotNumbers: ReadonlyMap<string, string>;
  }>();
  const fills = storageFill(locations, materials, stock);
  const fill = fills.get(location.code) as LocationFill;
  const parent = location.parent ? fills.get(location.parent) : undefined;
  const here = stock.filter((s) => s.location === location.code);

  const commands: LocationCommand[] = [
    ...(can('storage.move')
      ? [
          {
            name: 'move-here',
            label: t('storage:location.commands.move'),
            primary: true,
            perform: () => {
              setMoved(undefined);
              setMoving(true);
            },
          },
        ]
      : []),
    ...(can('storage.write_off')
      ? [
          {
            name: 'cycle-count',
            label: t('storage:location.commands.count'),
            perform: () => {
              setCounted(undefined);
              setCounting(true);
            },
          },
        ]
      : []),
  ];

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">
            {locationKindLabel(location.kind)}
            {location.parent
              ? ` · ${t('storage:location.inParent', { parent: location.parent })}`
              : ''}
          </p>
          <h1 data-testid="location-code">{location.code}</h1>
          <p className="st-subtitle">{location.name}</p>
        </div>
        {commands.length > 0 && (
          <div className="form__actions" data-testid="location-commands">
            {commands.map((command) => (
              <button
                key={command.name}
                type="button"
                className={`button st-touch${command.primary ? ' button--primary' : ''}`}
                data-command={command.name}
                onClick={command.perform}
              >
                {command.label}
              </button>
            ))}
          </div>
        )}
      </header>

      {moving && (
        <MoveContainersPanel
          to={location.code}
          onCancel={() => setMoving(false)}
          onMoved={(units) => {
            setMoving(false);
            setMoved(units);
          }}
        />
      )}
      {moved && (
        <p className="form-notice form-notice--ok" role="status" data-testid="move-done">
          {t('storage:location.moved', {
            location: location.code,
            containers: moved.map(containerName).join(', '),
          })}
        </p>
      )}
      {counted && <CountDone result={counted.result} lotNumbers={counted.lotNumbers} />}

      <div className="panel">
        <dl className="facts" data-testid="location-facts">
          <div className="facts__item facts__item--lead st-facts-fill">
            <dt>
              {fill.children.length > 0
                ? t('storage:location.facts.neqWithBays')
                : t('storage:location.facts.neq')}
            </dt>
            <dd>
              {fill.limitKg === undefined && fill.neqKg === 0 ? (
                <span className="muted">{t('storage:location.facts.noExplosives')}</span>
              ) : (
                <FillBar fill={fill} />
              )}
            </dd>
          </div>
          {parent && (
            <div className="facts__item st-facts-fill">
              <dt>{t('storage:location.facts.building', { code: parent.location.code })}</dt>
              <dd>
                <FillBar fill={parent} compact />
              </dd>
            </div>
          )}
          <div className="facts__item">
            <dt>{t('storage:columns.takes')}</dt>
            <dd>
              <Classes divisions={location.hazardDivisions} groups={location.compatibilityGroups} />
            </dd>
          </div>
          <div className="facts__item">
            <dt>{t('storage:columns.holds')}</dt>
            <dd>
              <Classes
                divisions={fill.divisionsPresent}
                groups={fill.groupsPresent}
                testId="location-groups-present"
              />
            </dd>
          </div>
          {location.magazineType && (
            <div className="facts__item">
              <dt>{t('storage:location.facts.magazineType')}</dt>
              <dd>{magazineTypeLabel(location.magazineType)}</dd>
            </div>
          )}
          {location.position && (
            <div className="facts__item">
              <dt>{t('storage:location.facts.position')}</dt>
              <dd>
                {t('storage:location.facts.positionValue', {
                  x: formatExact(location.position.x),
                  y: formatExact(location.position.y),
                })}
              </dd>
            </div>
          )}
        </dl>
      </div>

      {fill.children.length > 0 && (
        <section className="section" aria-labelledby={`${id}-bays`}>
          <h2 id={`${id}-bays`}>{t('storage:location.bays')}</h2>
          <ul className="st-bays" data-testid="bays">
            {fill.children.map((bay) => (
              <li key={bay.location.code} className="st-bay">
                <Link to={locationPath(bay.location.code)}>{bay.location.code}</Link>{' '}
                <span className="muted small">{bay.location.name}</span>
                <FillBar fill={bay} compact />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="section" aria-labelledby={`${id}-stock`}>
        <h2 id={`${id}-stock`}>{t('storage:location.stock')}</h2>
        <StockTable lines={here} materials={materials} />
      </section>

      <section className="section" aria-labelledby={`${id}-containers`}>
        <h2 id={`${id}-containers`}>{t('storage:location.containers')}</h2>
        <ContainersHere location={location.code} loose={here.length > 0} />
      </section>

      {counting && (
        <CycleCountDialog
          location={location.code}
          stock={here}
          onClose={() => setCounting(false)}
          onDone={(result) => {
            setCounting(false);
            // The numbers as they were: a lot counted as none leaves the stock.
            setCounted({ result, lotNumbers: new Map(stock.map((s) => [s.lotId, s.lot])) });
          }}
        />
      )}
    </>
  );
}

function CountDone({
  result,
  lotNumbers,
}: {
  result: CountResult;
  lotNumbers: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-notice form-notice--ok" role="status" data-testid="count-done">
      <p className="st-notice-line">
        {t('storage:count.done', {
          location: result.location,
          counted: formatInteger(result.counted),
          unchanged: formatInteger(result.unchanged),
          adjustments: formatInteger(result.adjustments.length),
          count: result.adjustments.length,
        })}
      </p>
      {result.adjustments.length > 0 && (
        <ul className="plain-list">
          {result.adjustments.map((a) => (
            <li key={a.id}>
              {t('storage:count.adjustment', {
                kind: movementKindLabel(a.kind),
                lot: lotNumbers.get(a.lotId) ?? a.lotId,
                before: formatExact(a.before),
                counted: formatExact(a.counted),
              })}{' '}
              <Link to={lotMovementsPath(lotNumbers.get(a.lotId) ?? a.lotId)}>
                {t('storage:count.movements')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The ledger's lines at one location: lot, material, quantity and net explosive quantity. */
export function StockTable({
  lines,
  materials,
  showLocation = false,
}: {
  lines: readonly StockLine[];
  materials: readonly Material[];
  showLocation?: boolean;
}) {
  const { t } = useTranslation();
  if (lines.length === 0) {
    return (
      <p className="muted" data-testid="no-stock">
        {t('storage:stock.none')}
      </p>
    );
  }
  const material = new Map(materials.map((m) => [m.code, m]));
  return (
    <div className="table-scroll">
      <table className="table" data-testid="stock-table">
        <thead>
          <tr>
            {showLocation && <th scope="col">{t('storage:columns.location')}</th>}
            <th scope="col">{t('storage:columns.lot')}</th>
            <th scope="col">{t('storage:columns.material')}</th>
            <th scope="col" className="num">
              {t('storage:columns.quantity')}
            </th>
            <th scope="col" className="num">
              {t('storage:neq')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('storage:columns.history')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const m = material.get(line.material);
            return (
              <tr key={`${line.location}-${line.lotId}`} data-testid={`stock-${line.lot}`}>
                {showLocation && (
                  <td>
                    <Link to={locationPath(line.location)}>{line.location}</Link>
                  </td>
                )}
                <th scope="row">
                  <Link to={lotPath(line.lot)}>{line.lot}</Link>
                </th>
                <td>
                  <code className="code">{line.material}</code>{' '}
                  <span className="small muted">{m?.name}</span>
                </td>
                <td className="num">{formatQuantity(line.quantity, m?.unit ?? 'each')}</td>
                <td className="num">
                  {m?.hazard ? (
                    formatKg(line.quantity * m.hazard.netExplosivePerUnitKg)
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  <Link to={lotMovementsPath(line.lot)} className="small">
                    {t('storage:stock.movements')}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The most GET /api/genealogy/handling-units?location= answers with. */
const CONTAINERS_SHOWN = 500;

/** The outermost containers standing here, each with every lot inside it, in one request. */
function ContainersHere({ location, loose }: { location: string; loose: boolean }) {
  const { t } = useTranslation();
  const { data: containers, isPending, error } = useContainersAt(location);
  if (error) return <ErrorPanel error={error} context={t('storage:loading.containersFailed')} />;
  if (isPending) return <Loading what={t('storage:loading.containers')} />;
  if (containers.length === 0) {
    return (
      <p className="muted" data-testid="no-containers">
        {loose ? t('storage:containers.noneLoose') : t('storage:containers.none')}
      </p>
    );
  }
  return (
    <>
      {containers.length >= CONTAINERS_SHOWN && (
        <p className="form-notice" data-testid="containers-capped">
          {t('storage:containers.capped', { shown: formatInteger(CONTAINERS_SHOWN) })}
        </p>
      )}
      <div className="table-scroll">
        <table className="table" data-testid="containers-table">
          <thead>
            <tr>
              <th scope="col">{t('storage:columns.container')}</th>
              <th scope="col">{t('storage:columns.kind')}</th>
              <th scope="col">{t('storage:columns.holds')}</th>
              <th scope="col" className="num">
                {t('storage:columns.quantity')}
              </th>
            </tr>
          </thead>
          <tbody>
            {containers.map((c) => (
              <tr key={c.unit.serial} data-testid={`container-${c.unit.serial}`}>
                <th scope="row">
                  <code>{c.unit.serial}</code>
                  {c.unit.sscc && (
                    <span className="st-name small">
                      {t('storage:containers.sscc', { sscc: c.unit.sscc })}
                    </span>
                  )}
                </th>
                <td>
                  {containerKindLabel(c.unit.kind)}
                  {c.unit.material && <span className="small muted"> · {c.unit.material}</span>}
                  {c.units.length > 0 && (
                    <span className="small muted">
                      {' · '}
                      {t('storage:containers.inside', {
                        count: c.units.length,
                        units: formatInteger(c.units.length),
                      })}
                    </span>
                  )}
                </td>
                <td className="small">
                  {c.totals.map((t) => (
                    <span key={t.lotId} className="st-holds">
                      <Link to={lotPath(t.lot)}>{t.lot}</Link>{' '}
                      <code className="code">{t.material}</code>
                    </span>
                  ))}
                </td>
                <td className="num">
                  {formatExact(c.totals.reduce((sum, t) => sum + t.quantity, 0))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
