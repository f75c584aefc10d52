import { useId, useState } from 'react';
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
  formatKg,
  locationKindLabel,
  locationPath,
  lotMovementsPath,
  MOVEMENT_KIND_LABEL,
  storagePath,
} from './labels';
import { MoveContainersPanel } from './MoveContainersPanel';

/** /storage/locations/:code — what a location holds, its containers, moves into it and its counts. */
export function LocationPage() {
  const { code = '' } = useParams();
  const locations = useLocations();
  const materials = useMaterials();
  // The whole plant's stock: a building's fill is its bays' too (the map has it cached).
  const stock = useStock();
  const failed = locations.error ?? materials.error ?? stock.error;
  const location = locations.data?.find((l) => l.code === code);
  return (
    <div className="page" data-testid="location-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={storagePath}>Storage</Link>
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
        <ErrorPanel error={failed} context="Loading the location" />
      ) : !locations.data || !materials.data || !stock.data ? (
        <Loading what="the location" />
      ) : !location ? (
        <div className="error-panel" role="alert" data-testid="error-panel">
          <p className="error-panel__title">No location {code}</p>
          <p>
            The plant file has no location with this code. <Link to={storagePath}>Storage</Link>{' '}
            lists them all.
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
            label: 'Move containers here…',
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
            label: 'Cycle count…',
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
            {location.parent ? ` · in ${location.parent}` : ''}
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
          Moved into {location.code}: {moved.map((u) => `${u.kind} ${u.serial}`).join(', ')}.
        </p>
      )}
      {counted && <CountDone result={counted.result} lotNumbers={counted.lotNumbers} />}

      <div className="panel">
        <dl className="facts" data-testid="location-facts">
          <div className="facts__item facts__item--lead st-facts-fill">
            <dt>
              Net explosive quantity
              {fill.children.length > 0 ? ' (with its bays)' : ''}
            </dt>
            <dd>
              {fill.limitKg === undefined && fill.neqKg === 0 ? (
                <span className="muted">no explosives, no limit set</span>
              ) : (
                <FillBar fill={fill} />
              )}
            </dd>
          </div>
          {parent && (
            <div className="facts__item st-facts-fill">
              <dt>Building {parent.location.code} in all</dt>
              <dd>
                <FillBar fill={parent} compact />
              </dd>
            </div>
          )}
          <div className="facts__item">
            <dt>Takes</dt>
            <dd>
              <Classes divisions={location.hazardDivisions} groups={location.compatibilityGroups} />
            </dd>
          </div>
          <div className="facts__item">
            <dt>Holds</dt>
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
              <dt>Magazine type</dt>
              <dd>{location.magazineType.replaceAll('_', ' ')}</dd>
            </div>
          )}
          {location.position && (
            <div className="facts__item">
              <dt>Site position</dt>
              <dd>
                x {formatExact(location.position.x)} m, y {formatExact(location.position.y)} m
              </dd>
            </div>
          )}
        </dl>
      </div>

      {fill.children.length > 0 && (
        <section className="section" aria-labelledby={`${id}-bays`}>
          <h2 id={`${id}-bays`}>Bays</h2>
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
        <h2 id={`${id}-stock`}>Stock here</h2>
        <StockTable lines={here} materials={materials} />
      </section>

      <section className="section" aria-labelledby={`${id}-containers`}>
        <h2 id={`${id}-containers`}>Containers here</h2>
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
  return (
    <div className="form-notice form-notice--ok" role="status" data-testid="count-done">
      <p className="st-notice-line">
        Count of {result.location} signed: {formatInteger(result.counted)} counted,{' '}
        {formatInteger(result.unchanged)} unchanged, {formatInteger(result.adjustments.length)}{' '}
        {result.adjustments.length === 1 ? 'adjustment' : 'adjustments'}.
      </p>
      {result.adjustments.length > 0 && (
        <ul className="plain-list">
          {result.adjustments.map((a) => (
            <li key={a.id}>
              {MOVEMENT_KIND_LABEL[a.kind]} of lot {lotNumbers.get(a.lotId) ?? a.lotId}:{' '}
              {formatExact(a.before)} → {formatExact(a.counted)}{' '}
              <Link to={lotMovementsPath(lotNumbers.get(a.lotId) ?? a.lotId)}>movements</Link>
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
  if (lines.length === 0) {
    return (
      <p className="muted" data-testid="no-stock">
        Nothing is in stock here.
      </p>
    );
  }
  const material = new Map(materials.map((m) => [m.code, m]));
  return (
    <div className="table-scroll">
      <table className="table" data-testid="stock-table">
        <thead>
          <tr>
            {showLocation && <th scope="col">Location</th>}
            <th scope="col">Lot</th>
            <th scope="col">Material</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              NEQ
            </th>
            <th scope="col">
              <span className="visually-hidden">History</span>
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
                    Movements
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
  const { data: containers, isPending, error } = useContainersAt(location);
  if (error) return <ErrorPanel error={error} context="Loading the containers" />;
  if (isPending) return <Loading what="the containers" />;
  if (containers.length === 0) {
    return (
      <p className="muted" data-testid="no-containers">
        {loose
          ? 'No container stands here; what is in stock here is loose.'
          : 'No container stands here.'}
      </p>
    );
  }
  return (
    <>
      {containers.length >= CONTAINERS_SHOWN && (
        <p className="form-notice" data-testid="containers-capped">
          The first {formatInteger(CONTAINERS_SHOWN)} containers are shown; more may stand here.
        </p>
      )}
      <div className="table-scroll">
        <table className="table" data-testid="containers-table">
          <thead>
            <tr>
              <th scope="col">Container</th>
              <th scope="col">Kind</th>
              <th scope="col">Holds</th>
              <th scope="col" className="num">
                Quantity
              </th>
            </tr>
          </thead>
          <tbody>
            {containers.map((c) => (
              <tr key={c.unit.serial} data-testid={`container-${c.unit.serial}`}>
                <th scope="row">
                  <code>{c.unit.serial}</code>
                  {c.unit.sscc && <span className="st-name small">SSCC {c.unit.sscc}</span>}
                </th>
                <td>
                  {c.unit.kind}
                  {c.unit.material && <span className="small muted"> · {c.unit.material}</span>}
                  {c.units.length > 0 && (
                    <span className="small muted"> · {formatInteger(c.units.length)} inside</span>
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
