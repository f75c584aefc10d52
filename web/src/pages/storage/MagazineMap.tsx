import { Fragment, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInteger } from '../../format';
import { i18n } from '../../i18n';
import { fillLevel, type LocationFill, mapLayout } from './fill';
import { formatFill, formatKg, locationPath, magazineTypeLabel } from './labels';

const BOX_WIDTH = 210;
const BOX_BASE = 100;
const BAY_ROW = 24;
const SCALE_BAR_SPACE = 30;

/** Long plant-file names are cut to the box; the whole name is the link's title. */
const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** A building or bay in one sentence: its link's name and title. Called while drawing. */
const summary = (fill: LocationFill) =>
  fill.limitKg === undefined
    ? i18n.t('storage:map.summaryNoLimit', {
        code: fill.location.code,
        neq: formatKg(fill.neqKg),
      })
    : i18n.t('storage:map.summary', {
        code: fill.location.code,
        name: fill.location.name,
        neq: formatKg(fill.neqKg),
        limit: formatKg(fill.limitKg),
        percent: formatFill(fill.fraction ?? 0, fill.neqKg),
      });

/**
 * The magazines at their site positions (SVG), each with its fill against
 * its net explosive limit, the hazard divisions and groups it takes and
 * holds, and its bays under it. Every building and bay opens its stock.
 */
export function MagazineMap({ magazines }: { magazines: readonly LocationFill[] }) {
  const { t } = useTranslation();
  const placed = magazines.flatMap((m) =>
    m.location.position ? [{ code: m.location.code, position: m.location.position }] : [],
  );
  const bays = Math.max(0, ...magazines.map((m) => m.children.length));
  const boxHeight = BOX_BASE + bays * BAY_ROW;
  const layout = mapLayout(placed, { width: BOX_WIDTH, height: boxHeight }, { gap: 18 });
  const fillOf = new Map(magazines.map((m) => [m.location.code, m]));
  const height = layout.height + SCALE_BAR_SPACE;
  const titleId = useId();
  return (
    <figure className="st-map" data-testid="storage-map">
      <svg viewBox={`0 0 ${layout.width} ${height}`} width={layout.width} aria-labelledby={titleId}>
        <title id={titleId}>{t('storage:map.title')}</title>
        {layout.boxes.map((box) => {
          const fill = fillOf.get(box.code);
          return fill ? (
            <MagazineBox key={box.code} fill={fill} x={box.x} y={box.y} height={boxHeight} />
          ) : null;
        })}
        <g className="st-map__scale" transform={`translate(12 ${layout.height + 8})`}>
          <path d={`M0 0 v8 H${layout.scaleBar.length} v-8`} />
          <text x={layout.scaleBar.length + 8} y={10}>
            {t('storage:map.scale', { metres: formatInteger(layout.scaleBar.metres) })}
          </text>
        </g>
      </svg>
      <figcaption className="st-legend small">
        <span className="st-legend__item">
          <span className="st-legend__swatch st-legend__swatch--ok" />{' '}
          {t('storage:map.legend.held')}
        </span>
        <span className="st-legend__item">
          <span className="st-legend__swatch st-legend__swatch--high" />{' '}
          {t('storage:map.legend.high')}
        </span>
        <span className="muted">{t('storage:map.legend.classes')}</span>
      </figcaption>
    </figure>
  );
}

interface BoxProps {
  fill: LocationFill;
  x: number;
  y: number;
  height: number;
}

function MagazineBox({ fill, x, y, height }: BoxProps) {
  const { t } = useTranslation();
  const { location } = fill;
  const level = fillLevel(fill);
  const barWidth = BOX_WIDTH - 24;
  const allowed = `${location.hazardDivisions.join(', ') || '—'} ${location.compatibilityGroups.join('') || ''}`;
  const present =
    fill.groupsPresent.length > 0
      ? `${fill.divisionsPresent.join(', ')} ${fill.groupsPresent.join('')}`
      : t('storage:map.nothing');
  // Each link holds its hit area only: its name (the whole summary) is on the link, and the
  // words drawn over it are no part of the name, so the name need not repeat them (WCAG 2.5.3).
  return (
    <g className={`st-map__magazine st-map__magazine--${level}`}>
      <rect className="st-map__box" x={x} y={y} width={BOX_WIDTH} height={height} rx={6} />
      <rect className="st-map__stripe" x={x} y={y} width={6} height={height} rx={3} />
      <Link
        to={locationPath(location.code)}
        className="st-map__link"
        data-testid={`map-${location.code}`}
        aria-label={summary(fill)}
      >
        <title>{summary(fill)}</title>
        <rect className="st-map__hit" x={x} y={y} width={BOX_WIDTH} height={BOX_BASE - 4} />
      </Link>
      <g className={`st-map__face st-map__level--${level}`}>
        <text className="st-map__code" x={x + 14} y={y + 19}>
          {location.code}
          {location.magazineType && (
            <tspan className="st-map__muted" dx={6}>
              {magazineTypeLabel(location.magazineType)}
            </tspan>
          )}
        </text>
        <text className="st-map__muted" x={x + 14} y={y + 35}>
          {clip(location.name, 29)}
        </text>
        <rect className="st-map__track" x={x + 14} y={y + 44} width={barWidth} height={9} rx={2} />
        {fill.fraction !== undefined && (
          <rect
            className="st-map__bar"
            x={x + 14}
            y={y + 44}
            width={Math.min(1, fill.fraction) * barWidth}
            height={9}
            rx={2}
          />
        )}
        <text x={x + 14} y={y + 68}>
          <tspan className="st-map__strong">{formatKg(fill.neqKg)}</tspan>
          {fill.limitKg !== undefined && (
            <>
              {' '}
              / {formatKg(fill.limitKg)} ·{' '}
              <tspan className="st-map__strong">{formatFill(fill.fraction ?? 0, fill.neqKg)}</tspan>
            </>
          )}
        </text>
        <text className="st-map__small" x={x + 14} y={y + 86}>
          {t('storage:map.classes', { allowed, present })}
        </text>
      </g>
      {fill.children.map((bay, index) => {
        const top = y + BOX_BASE + index * BAY_ROW;
        const bayBar = BOX_WIDTH - 130;
        return (
          <Fragment key={bay.location.code}>
            <Link
              to={locationPath(bay.location.code)}
              className="st-map__link st-map__bay"
              data-testid={`map-${bay.location.code}`}
              aria-label={summary(bay)}
            >
              <title>{summary(bay)}</title>
              <rect
                className="st-map__hit"
                x={x + 8}
                y={top - 2}
                width={BOX_WIDTH - 12}
                height={BAY_ROW - 2}
              />
            </Link>
            <g className={`st-map__face st-map__level--${fillLevel(bay)}`}>
              <line
                className="st-map__rule"
                x1={x + 14}
                x2={x + BOX_WIDTH - 10}
                y1={top - 3}
                y2={top - 3}
              />
              <text className="st-map__small" x={x + 18} y={top + 13}>
                {bay.location.code}
              </text>
              <rect
                className="st-map__track"
                x={x + 84}
                y={top + 6}
                width={bayBar}
                height={7}
                rx={2}
              />
              {bay.fraction !== undefined && (
                <rect
                  className="st-map__bar"
                  x={x + 84}
                  y={top + 6}
                  width={Math.min(1, bay.fraction) * bayBar}
                  height={7}
                  rx={2}
                />
              )}
              <text className="st-map__small" x={x + BOX_WIDTH - 10} y={top + 13} textAnchor="end">
                {bay.fraction !== undefined
                  ? formatFill(bay.fraction, bay.neqKg)
                  : formatKg(bay.neqKg)}
              </text>
            </g>
          </Fragment>
        );
      })}
    </g>
  );
}
