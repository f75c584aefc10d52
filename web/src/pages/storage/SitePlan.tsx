import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { exposureKindOf, type Point, type QdCheck, type SiteExposure } from '../../api/storage';
import { formatInteger } from '../../format';
import { exposureLabel, exposuresLabel, locationPath } from './labels';
import { type Box, formatMetres, midpointOfPath, placeLabels, planLayout, targetPoint } from './qd';

const MAGAZINE = 9;
const BUILDING = 5;
const SCALE_BAR_SPACE = 28;

interface SitePlanProps {
  /** The magazine buildings with a position in the plant file. */
  magazines: readonly { code: string; name: string; position: Point }[];
  exposures: readonly SiteExposure[];
  checks: readonly QdCheck[];
}

/** The largest distance a magazine's checks require to one kind of exposure, and whether any is short. */
function rings(checks: readonly QdCheck[]) {
  const out = new Map<
    string,
    { magazine: string; kind: string; requiredM: number; short: boolean }
  >();
  for (const check of checks) {
    const kind = exposureKindOf(check.target);
    if (kind !== 'inhabited_building' && kind !== 'public_traffic_route') continue;
    const key = `${check.magazine}/${kind}`;
    const ring = out.get(key);
    out.set(key, {
      magazine: check.magazine,
      kind,
      requiredM: Math.max(ring?.requiredM ?? 0, check.requiredM),
      short: (ring?.short ?? false) || !check.ok,
    });
  }
  return [...out.values()];
}

/**
 * The whole site at one true scale, north up: the magazines, the inhabited
 * buildings and public traffic routes of the plant file, the distance each
 * magazine's checks require (a ring), and each distance found too short (a
 * red line to what is too close). The magazine map above keeps its boxes
 * apart instead, at a scale that could not hold a village a kilometre away.
 */
export function SitePlan({ magazines, exposures, checks }: SitePlanProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const points = [
    ...magazines.map((m) => m.position),
    ...exposures.flatMap((e) => (e.kind === 'inhabited_building' ? [e.position] : e.path)),
  ];
  const layout = planLayout(points);
  const { at, scale } = layout;
  const height = layout.height + SCALE_BAR_SPACE;
  const positions = new Map(magazines.map((m) => [m.code, m.position]));
  const short = checks.filter((c) => !c.ok);
  const shortTargets = new Set(short.map((c) => c.target.code));
  const shortMagazines = new Set(short.map((c) => c.magazine));
  const drawnRings = rings(checks);

  const buildings = exposures.filter(
    (e): e is Extract<SiteExposure, { kind: 'inhabited_building' }> =>
      e.kind === 'inhabited_building',
  );
  const routes = exposures.filter(
    (e): e is Extract<SiteExposure, { kind: 'public_traffic_route' }> =>
      e.kind === 'public_traffic_route',
  );
  const markers: Box[] = [
    ...magazines.map((m) => {
      const p = at(m.position);
      return { x: p.x - MAGAZINE / 2, y: p.y - MAGAZINE / 2, width: MAGAZINE, height: MAGAZINE };
    }),
    ...buildings.map((b) => {
      const p = at(b.position);
      return { x: p.x - BUILDING, y: p.y - BUILDING, width: 2 * BUILDING, height: 2 * BUILDING };
    }),
  ];
  const routeLabels = routes.flatMap((r) => {
    const mid = midpointOfPath(r.path);
    if (!mid) return [];
    const p = at(mid);
    return [{ code: r.code, x: p.x, y: p.y - 8 }];
  });
  for (const label of routeLabels) {
    const width = label.code.length * 7;
    markers.push({ x: label.x - width / 2, y: label.y - 11, width, height: 13 });
  }
  const labels = placeLabels(
    [
      // Buildings first: fewer and far apart; the magazines crowd each other.
      ...buildings.map((b) => ({ code: b.code, text: b.code, at: at(b.position) })),
      ...magazines.map((m) => ({ code: m.code, text: m.code, at: at(m.position) })),
    ],
    markers,
    { bounds: { x: 0, y: 0, width: layout.width, height: layout.height } },
  );

  return (
    <figure className="st-map st-plan" data-testid="qd-site-plan">
      <svg viewBox={`0 0 ${layout.width} ${height}`} width={layout.width} aria-labelledby={titleId}>
        <title id={titleId}>{t('storage:plan.title')}</title>
        {drawnRings.map((ring) => {
          const position = positions.get(ring.magazine);
          if (!position) return null;
          const p = at(position);
          return (
            <circle
              key={`${ring.magazine}/${ring.kind}`}
              className={`st-plan__ring st-plan__ring--${ring.kind}${ring.short ? ' st-plan__ring--short' : ''}`}
              cx={p.x}
              cy={p.y}
              r={ring.requiredM * scale}
              data-testid={`plan-ring-${ring.magazine}-${ring.kind}`}
            >
              <title>
                {t('storage:plan.ring', {
                  magazine: ring.magazine,
                  distance: formatMetres(ring.requiredM),
                  exposures: exposuresLabel(ring.kind),
                })}
              </title>
            </circle>
          );
        })}
        {routes.map((route) => (
          <g
            key={route.code}
            className={`st-plan__route${shortTargets.has(route.code) ? ' is-short' : ''}`}
            data-testid={`plan-exposure-${route.code}`}
          >
            <title>
              {t('storage:plan.exposure', {
                code: route.code,
                name: route.name,
                kind: exposureLabel(route.kind),
              })}
            </title>
            <polyline
              points={route.path
                .map(at)
                .map((p) => `${p.x},${p.y}`)
                .join(' ')}
            />
          </g>
        ))}
        {routeLabels.map((label) => (
          <text
            key={label.code}
            className="st-plan__label st-plan__label--route"
            x={label.x}
            y={label.y}
            textAnchor="middle"
          >
            {label.code}
          </text>
        ))}
        {short.map((check) => {
          const from = positions.get(check.magazine);
          const to = from && targetPoint(check, from, exposures, positions);
          if (!from || !to) return null;
          const a = at(from);
          const b = at(to);
          return (
            <line
              key={`${check.magazine}/${check.target.code}`}
              className="st-plan__short"
              x1={a.x}
              y1={a.y}
              x2={b.x}
              y2={b.y}
            >
              <title>
                {t('storage:plan.short', {
                  magazine: check.magazine,
                  target: check.target.code,
                  actual: formatMetres(check.actualM),
                  required: formatMetres(check.requiredM),
                })}
              </title>
            </line>
          );
        })}
        {buildings.map((building) => {
          const p = at(building.position);
          return (
            <g
              key={building.code}
              className={`st-plan__building${shortTargets.has(building.code) ? ' is-short' : ''}`}
              data-testid={`plan-exposure-${building.code}`}
            >
              <title>
                {t('storage:plan.exposure', {
                  code: building.code,
                  name: building.name,
                  kind: exposureLabel(building.kind),
                })}
              </title>
              <path
                d={`M${p.x - BUILDING} ${p.y + BUILDING} V${p.y - 1} L${p.x} ${p.y - BUILDING - 2} L${p.x + BUILDING} ${p.y - 1} V${p.y + BUILDING} Z`}
              />
            </g>
          );
        })}
        {magazines.map((magazine) => {
          const p = at(magazine.position);
          return (
            <Link
              key={magazine.code}
              to={locationPath(magazine.code)}
              className={`st-map__link st-plan__magazine${shortMagazines.has(magazine.code) ? ' is-short' : ''}`}
              data-testid={`plan-${magazine.code}`}
              aria-label={`${magazine.code}, ${magazine.name}`}
            >
              <title>
                {magazine.code}, {magazine.name}
              </title>
              <rect
                x={p.x - MAGAZINE / 2}
                y={p.y - MAGAZINE / 2}
                width={MAGAZINE}
                height={MAGAZINE}
                rx={1.5}
              />
            </Link>
          );
        })}
        {labels.map((label) => (
          <text
            key={label.code}
            className="st-plan__label"
            x={label.x}
            y={label.y}
            textAnchor={label.anchor}
          >
            {label.code}
          </text>
        ))}
        <g className="st-map__scale" transform={`translate(12 ${layout.height + 6})`}>
          <path d={`M0 0 v8 H${layout.scaleBar.length} v-8`} />
          <text x={layout.scaleBar.length + 8} y={10}>
            {t('storage:plan.scale', { metres: formatInteger(layout.scaleBar.metres) })}
          </text>
        </g>
      </svg>
      <figcaption className="st-legend small">
        <span className="st-legend__item">
          <span className="st-plan__key st-plan__key--magazine" />{' '}
          {t('storage:plan.legend.magazine')}
        </span>
        <span className="st-legend__item">
          <span className="st-plan__key st-plan__key--building" />{' '}
          {t('storage:plan.legend.building')}
        </span>
        <span className="st-legend__item">
          <span className="st-plan__key st-plan__key--route" /> {t('storage:plan.legend.route')}
        </span>
        {drawnRings.length > 0 && (
          <span className="st-legend__item">
            <span className="st-plan__key st-plan__key--ring" /> {t('storage:plan.legend.ring')}
          </span>
        )}
        {short.length > 0 && (
          <span className="st-legend__item">
            <span className="st-plan__key st-plan__key--short" /> {t('storage:plan.legend.short')}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
