import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Lot } from '../../api/genealogy';
import { useLocations, useMaterials } from '../../api/plant';
import { type StockLine, useStock } from '../../api/storage';
import type { Location, Material } from '../../api/types';
import { useCan } from '../../auth/session';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../format';
import { formatQuantity, lotPath } from '../lots/labels';
import { Classes, CodeList, FillBar } from './FillBar';
import { fillLevel, type LocationFill, storageFill } from './fill';
import { LotSearch } from './LotSearch';
import { formatKg, locationKindLabel, locationPath, stockSearchPath } from './labels';
import { MagazineMap } from './MagazineMap';
import { QuantityDistanceSection } from './QuantityDistanceSection';
import { ReceiptForm } from './ReceiptForm';

interface Received {
  lot: Lot;
  location: string;
}

/**
 * /storage — the magazines on the map, their fill against their limits, and
 * every other location; a supplier's lot received here, at the bay.
 */
export function StoragePage() {
  const { t } = useTranslation();
  const can = useCan();
  const locations = useLocations();
  const materials = useMaterials();
  const stock = useStock();
  const [receiving, setReceiving] = useState(false);
  const [received, setReceived] = useState<Received>();
  const failed = locations.error ?? materials.error ?? stock.error;
  return (
    <div className="page" data-testid="storage-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('storage:overview.eyebrow')}</p>
          <h1>{t('storage:overview.title')}</h1>
        </div>
        <div className="form__actions" data-testid="storage-commands">
          {can('storage.move') && (
            <button
              type="button"
              className="button button--primary st-touch"
              data-command="receive"
              aria-expanded={receiving}
              onClick={() => {
                setReceived(undefined);
                setReceiving(!receiving);
              }}
            >
              {t('storage:receipt.open')}
            </button>
          )}
          <Link className="button st-touch" to="/storage/orders">
            {t('storage:overview.orders')}
          </Link>
          <Link className="button st-touch" to="/storage/shipments">
            {t('storage:overview.shipments')}
          </Link>
        </div>
      </header>
      {receiving && (
        <ReceiptForm
          onCancel={() => setReceiving(false)}
          onReceived={(done) => {
            setReceiving(false);
            setReceived(done);
          }}
        />
      )}
      {received && <ReceiptDone received={received} />}
      <LotSearch />
      {failed ? (
        <ErrorPanel error={failed} context={t('storage:loading.stockFailed')} />
      ) : locations.data && materials.data && stock.data ? (
        <StorageOverview locations={locations.data} materials={materials.data} stock={stock.data} />
      ) : (
        <Loading what={t('storage:loading.stock')} />
      )}
    </div>
  );
}

/** The lot just received: its new number, what and where, and where to look at it. */
function ReceiptDone({ received }: { received: Received }) {
  const { t } = useTranslation();
  const { lot, location } = received;
  return (
    <p className="form-notice form-notice--ok" role="status" data-testid="receipt-done">
      <Trans
        t={t}
        i18nKey="storage:receipt.done"
        values={{
          lot: lot.number,
          quantity: formatQuantity(lot.quantity, lot.unit),
          material: lot.material,
          location,
        }}
        components={{ lot: <Link to={lotPath(lot.number)} data-testid="receipt-lot" /> }}
      />{' '}
      <Link to={stockSearchPath(lot.number)} data-testid="receipt-stock">
        {t('storage:receipt.whereInStock')}
      </Link>
    </p>
  );
}

interface OverviewProps {
  locations: Location[];
  materials: Material[];
  stock: StockLine[];
}

function StorageOverview({ locations, materials, stock }: OverviewProps) {
  const { t } = useTranslation();
  const id = useId();
  const fills = storageFill(locations, materials, stock);
  const buildings = locations
    .filter((l) => l.kind === 'magazine' && l.parent === undefined)
    .flatMap((l) => fills.get(l.code) ?? []);
  const others = locations
    .filter((l) => l.kind !== 'magazine')
    .flatMap((l) => fills.get(l.code) ?? []);
  const unplaced = buildings.filter((b) => !b.location.position);
  const held = buildings.reduce((sum, b) => sum + b.neqKg, 0);
  const near = [...fills.values()].filter((f) => {
    const level = fillLevel(f);
    return level === 'high' || level === 'over';
  });

  return (
    <>
      <ul className="counts" data-testid="storage-counts">
        <li>
          <span className="counts__value">{formatInteger(buildings.length)}</span>
          <span className="counts__label">
            {t('storage:overview.counts.magazines', { count: buildings.length })}
          </span>
        </li>
        <li>
          <span className="counts__value">{formatKg(held)}</span>
          <span className="counts__label">{t('storage:overview.counts.held')}</span>
        </li>
        <li>
          <span className="counts__value">{formatInteger(near.length)}</span>
          <span className="counts__label">
            {t('storage:overview.counts.nearLimit', { count: near.length })}
          </span>
        </li>
      </ul>

      <section className="section" aria-labelledby={`${id}-map`}>
        <h2 id={`${id}-map`}>{t('storage:overview.magazines')}</h2>
        {buildings.length === 0 ? (
          <p className="muted">{t('storage:overview.noMagazines')}</p>
        ) : (
          <>
            <MagazineMap magazines={buildings.filter((b) => b.location.position)} />
            {unplaced.length > 0 && (
              <p className="form-notice form-notice--warn" data-testid="unplaced">
                {t('storage:overview.unplaced', {
                  codes: unplaced.map((u) => u.location.code).join(', '),
                })}
              </p>
            )}
            <MagazinesTable buildings={buildings} />
          </>
        )}
      </section>

      {buildings.length > 0 && <QuantityDistanceSection locations={locations} />}

      <section className="section" aria-labelledby={`${id}-others`}>
        <h2 id={`${id}-others`}>{t('storage:overview.others')}</h2>
        <OtherLocationsTable fills={others} />
      </section>
    </>
  );
}

function MagazineRow({ fill, bay = false }: { fill: LocationFill; bay?: boolean }) {
  const { location } = fill;
  return (
    <tr className={bay ? 'is-child' : undefined} data-testid={`magazine-${location.code}`}>
      <th scope="row">
        <Link to={locationPath(location.code)}>{location.code}</Link>
        <span className="st-name small">{location.name}</span>
      </th>
      <td className="st-fill-cell">
        <FillBar fill={fill} />
      </td>
      <td>
        <Classes divisions={location.hazardDivisions} groups={location.compatibilityGroups} />
      </td>
      <td>
        <Classes
          divisions={fill.divisionsPresent}
          groups={fill.groupsPresent}
          testId="groups-present"
        />
      </td>
      <td className="num">{formatInteger(fill.lots)}</td>
    </tr>
  );
}

function MagazinesTable({ buildings }: { buildings: LocationFill[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="magazines-table">
        <thead>
          <tr>
            <th scope="col">{t('storage:columns.magazine')}</th>
            <th scope="col">{t('storage:columns.neq')}</th>
            <th scope="col">{t('storage:columns.takes')}</th>
            <th scope="col">{t('storage:columns.holds')}</th>
            <th scope="col" className="num">
              {t('storage:columns.lots')}
            </th>
          </tr>
        </thead>
        <tbody>
          {buildings.flatMap((building) => [
            <MagazineRow key={building.location.code} fill={building} />,
            ...building.children.map((bay) => (
              <MagazineRow key={bay.location.code} fill={bay} bay />
            )),
          ])}
        </tbody>
      </table>
    </div>
  );
}

function OtherLocationsTable({ fills }: { fills: LocationFill[] }) {
  const { t } = useTranslation();
  if (fills.length === 0) return <p className="muted">{t('storage:overview.noOthers')}</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="locations-table">
        <thead>
          <tr>
            <th scope="col">{t('storage:columns.location')}</th>
            <th scope="col">{t('storage:columns.kind')}</th>
            <th scope="col">{t('storage:columns.neq')}</th>
            <th scope="col">{t('storage:columns.holds')}</th>
            <th scope="col" className="num">
              {t('storage:columns.lots')}
            </th>
          </tr>
        </thead>
        <tbody>
          {fills.map((fill) => (
            <tr key={fill.location.code} data-testid={`location-${fill.location.code}`}>
              <th scope="row">
                <Link to={locationPath(fill.location.code)}>{fill.location.code}</Link>
                <span className="st-name small">{fill.location.name}</span>
              </th>
              <td>{locationKindLabel(fill.location.kind)}</td>
              <td className="st-fill-cell">
                {fill.limitKg === undefined && fill.neqKg === 0 ? (
                  <span className="muted">{t('storage:overview.noExplosives')}</span>
                ) : (
                  <FillBar fill={fill} />
                )}
              </td>
              <td>
                <CodeList codes={fill.groupsPresent} />
                {fill.unknownMaterials.length > 0 && (
                  <span className="badge badge--hazard">
                    {t('storage:overview.unknownMaterial', {
                      codes: fill.unknownMaterials.join(', '),
                    })}
                  </span>
                )}
              </td>
              <td className="num">{formatInteger(fill.lots)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
