// Rules a plant must satisfy beyond the shape of each entry: codes unique,
// references resolvable, rates consistent. Pure; every problem is reported at
// once with its path, so an engineer fixes a file in one pass. Each finding
// has a stable code and the values it names (its params), for a client to say
// it in the reader's language; its English sentence is the message.

import { type ErrorMessage, errorMessage, issueAt } from '../../core/errors.js';
import { hasValidCheckDigit } from '../../core/gs1-check-digit.js';
import { formatPath, parseWith } from '../../core/validation.js';
import { isClassificationCode } from './hazard-codes.js';
import { type DowntimeReason, PlantFile, type PlantIssue } from './model.js';

type Path = (string | number)[];
type Report = (path: Path, reason: ErrorMessage) => void;

/** The finding for a reference to something the plant does not define, by what it names. */
const UNKNOWN = {
  area: (area: string) => errorMessage('area_unknown', 'unknown area "{{area}}"', { area }),
  material: (material: string) =>
    errorMessage('material_unknown', 'unknown material "{{material}}"', { material }),
  customer: (customer: string) =>
    errorMessage('customer_unknown', 'unknown customer "{{customer}}"', { customer }),
  supplier: (supplier: string) =>
    errorMessage('supplier_unknown', 'unknown supplier "{{supplier}}"', { supplier }),
  location: (location: string) =>
    errorMessage('location_unknown', 'unknown location "{{location}}"', { location }),
  line: (line: string) => errorMessage('unknown_line', 'unknown line "{{line}}"', { line }),
} as const;

const duplicateCode = (code: string) =>
  errorMessage('duplicate_code', 'duplicate code "{{code}}"', { code });
const notFinished = (material: string) =>
  errorMessage('material_not_finished', '"{{material}}" is not a finished material', {
    material,
  });

export type PlantValidation = { ok: true; plant: PlantFile } | { ok: false; issues: PlantIssue[] };

/** Parse an untyped document (from YAML, JSON or an HTTP body) into a checked plant. */
export function validatePlant(document: unknown): PlantValidation {
  const parsed = parseWith(PlantFile, document);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const issues = crossCheck(parsed.value);
  return issues.length === 0 ? { ok: true, plant: parsed.value } : { ok: false, issues };
}

export function crossCheck(plant: PlantFile): PlantIssue[] {
  const issues: PlantIssue[] = [];
  const report: Report = (path, reason) => issues.push(issueAt(formatPath(path), reason));

  const index = <T extends { code: string }>(list: readonly T[], key: string) => {
    const byCode = new Map<string, T>();
    list.forEach((item, i) => {
      if (byCode.has(item.code)) report([key, i, 'code'], duplicateCode(item.code));
      else byCode.set(item.code, item);
    });
    return byCode;
  };

  const areas = index(plant.areas, 'areas');
  const calendars = index(plant.calendars, 'calendars');
  const materials = index(plant.materials, 'materials');
  const lines = index(plant.lines, 'lines');
  const locations = index(plant.locations, 'locations');
  const customers = index(plant.customers, 'customers');
  index(plant.suppliers, 'suppliers');
  index(plant.specifications, 'specifications');
  index(plant.maintenance, 'maintenance');

  const mustExist = (
    map: Map<string, unknown>,
    code: string,
    path: Path,
    unknown: (code: string) => ErrorMessage,
  ) => {
    if (!map.has(code)) report(path, unknown(code));
  };

  plant.calendars.forEach((calendar, c) => {
    index(calendar.shifts, `calendars[${c}].shifts`);
    calendar.shifts.forEach((shift, s) => {
      const minutes = shiftSpanMinutes(shift.start, shift.end);
      if (shift.breakMinutes >= minutes) {
        report(
          ['calendars', c, 'shifts', s, 'breakMinutes'],
          errorMessage(
            'shift_breaks_too_long',
            'breaks of {{breakMinutes}} min leave no working time in a {{shiftMinutes}}-min shift',
            { shift: shift.code, breakMinutes: shift.breakMinutes, shiftMinutes: minutes },
          ),
        );
      }
    });
  });

  plant.materials.forEach((material, m) => {
    if (material.gtin && !hasValidCheckDigit(material.gtin)) {
      report(
        ['materials', m, 'gtin'],
        errorMessage('gtin_check_digit_wrong', '{{gtin}} has a wrong GS1 check digit', {
          gtin: material.gtin,
        }),
      );
    }
    const hazard = material.hazard;
    if (hazard && !isClassificationCode(hazard.division, hazard.compatibilityGroup)) {
      report(
        ['materials', m, 'hazard', 'compatibilityGroup'],
        errorMessage(
          'hazard_classification_unknown',
          '{{division}}{{group}} is not a UN classification code',
          { division: hazard.division, group: hazard.compatibilityGroup },
        ),
      );
    }
  });

  // MIL-STD-1168C 4.4: different items get different interfix series.
  const blocks = plant.materials.flatMap((material, m) =>
    material.lotInterfixes ? [{ code: material.code, m, ...material.lotInterfixes }] : [],
  );
  for (const [i, a] of blocks.entries()) {
    const clash = blocks.slice(0, i).find((b) => a.first <= b.last && b.first <= a.last);
    if (clash) {
      report(
        ['materials', a.m, 'lotInterfixes'],
        errorMessage(
          'lot_interfixes_overlap',
          'interfixes {{first}}–{{last}} overlap those of {{material}} ({{otherFirst}}–{{otherLast}})',
          {
            first: a.first,
            last: a.last,
            material: clash.code,
            otherFirst: clash.first,
            otherLast: clash.last,
          },
        ),
      );
    }
  }

  const isFinished = (code: string) => materials.get(code)?.kind === 'finished';
  const bomProducts = new Set<string>();
  plant.boms.forEach((bom, b) => {
    if (bomProducts.has(bom.product)) {
      report(
        ['boms', b, 'product'],
        errorMessage('bom_duplicate', 'a second bill of material for "{{product}}"', {
          product: bom.product,
        }),
      );
    }
    bomProducts.add(bom.product);
    if (!materials.has(bom.product)) report(['boms', b, 'product'], UNKNOWN.material(bom.product));
    else if (!isFinished(bom.product)) report(['boms', b, 'product'], notFinished(bom.product));
    const seen = new Set<string>();
    bom.items.forEach((item, i) => {
      const path = ['boms', b, 'items', i, 'material'];
      if (seen.has(item.material)) {
        report(
          path,
          errorMessage('bom_item_listed_twice', '"{{material}}" listed twice', {
            material: item.material,
            product: bom.product,
          }),
        );
      }
      seen.add(item.material);
      if (item.material === bom.product) {
        report(
          path,
          errorMessage('bom_own_component', 'a product cannot be its own component', {
            product: bom.product,
          }),
        );
      } else mustExist(materials, item.material, path, UNKNOWN.material);
    });
  });

  plant.lines.forEach((line, l) => {
    const at = (...rest: Path): Path => ['lines', l, ...rest];
    const area = areas.get(line.area);
    if (!area) report(at('area'), UNKNOWN.area(line.area));
    else if (area.kind !== 'production') {
      report(
        at('area'),
        errorMessage(
          'area_not_production',
          'area "{{area}}" is a {{areaKind}} area, not production',
          {
            area: line.area,
            areaKind: area.kind,
          },
        ),
      );
    }
    mustExist(calendars, line.calendar, at('calendar'), (calendar) =>
      errorMessage('unknown_calendar', 'unknown calendar "{{calendar}}"', {
        calendar,
        line: line.code,
      }),
    );
    index(line.stations, `lines[${l}].stations`);

    const slowest = line.stations.reduce((a, b) => (b.ratePerMinute < a.ratePerMinute ? b : a));
    const made = new Set<string>();
    line.products.forEach((lp, p) => {
      const product = { product: lp.product, line: line.code };
      if (made.has(lp.product)) {
        report(
          at('products', p, 'product'),
          errorMessage('line_product_listed_twice', '"{{product}}" listed twice', product),
        );
      }
      made.add(lp.product);
      if (!materials.has(lp.product)) {
        report(at('products', p, 'product'), UNKNOWN.material(lp.product));
      } else if (!isFinished(lp.product)) {
        report(at('products', p, 'product'), notFinished(lp.product));
      } else if (!bomProducts.has(lp.product)) {
        report(
          at('products', p, 'product'),
          errorMessage('product_without_bom', '"{{product}}" has no bill of material', product),
        );
      }
      if (lp.ratePerMinute > slowest.ratePerMinute) {
        report(
          at('products', p, 'ratePerMinute'),
          errorMessage(
            'rate_above_slowest_station',
            '{{ratePerMinute}}/min exceeds the slowest station {{station}} ({{stationRatePerMinute}}/min)',
            {
              ...product,
              ratePerMinute: lp.ratePerMinute,
              station: slowest.code,
              stationRatePerMinute: slowest.ratePerMinute,
            },
          ),
        );
      }
    });
    const shares = line.products.map((p) => p.share);
    if (shares.some((s) => s !== undefined)) {
      if (shares.some((s) => s === undefined)) {
        report(
          at('products'),
          errorMessage(
            'product_shares_partial',
            'give a share for every product of the line, or for none',
            { line: line.code },
          ),
        );
      } else {
        const total = shares.reduce<number>((sum, s) => sum + (s ?? 0), 0);
        if (Math.abs(total - 1) > 1e-6) {
          report(
            at('products'),
            errorMessage(
              'product_shares_not_one',
              'product shares add up to {{total}}, expected 1',
              {
                total: round(total, 4),
                line: line.code,
              },
            ),
          );
        }
      }
    }
    const pairs = new Set<string>();
    line.changeovers.forEach((change, c) => {
      for (const end of ['from', 'to'] as const) {
        if (!made.has(change[end])) {
          report(
            at('changeovers', c, end),
            errorMessage(
              'changeover_product_not_on_line',
              '"{{product}}" is not a product of line {{line}}',
              { product: change[end], line: line.code },
            ),
          );
        }
      }
      const ends = { from: change.from, to: change.to, line: line.code };
      if (change.from === change.to) {
        report(
          at('changeovers', c),
          errorMessage('changeover_same_product', 'a changeover needs two products', ends),
        );
      }
      const pair = `${change.from}→${change.to}`;
      if (pairs.has(pair)) {
        report(
          at('changeovers', c),
          errorMessage('changeover_listed_twice', 'changeover {{from}}→{{to}} listed twice', ends),
        );
      }
      pairs.add(pair);
    });
  });

  plant.maintenance.forEach((window, w) => {
    window.lines.forEach((code, i) => {
      mustExist(lines, code, ['maintenance', w, 'lines', i], UNKNOWN.line);
    });
    if (window.to < window.from) {
      report(
        ['maintenance', w, 'to'],
        errorMessage('maintenance_ends_before_start', 'ends before it starts ({{from}})', {
          from: window.from,
          to: window.to,
        }),
      );
    }
  });

  plant.specifications.forEach((spec, s) => {
    const at = (...rest: Path): Path => ['specifications', s, ...rest];
    if (!materials.has(spec.product)) report(at('product'), UNKNOWN.material(spec.product));
    else if (spec.scope === 'lot_acceptance' && !isFinished(spec.product)) {
      report(at('product'), notFinished(spec.product));
    } else if (spec.scope === 'incoming' && isFinished(spec.product)) {
      report(
        at('product'),
        errorMessage(
          'incoming_spec_of_finished',
          '"{{material}}" is made in the plant, not received: incoming inspection is for components',
          { material: spec.product },
        ),
      );
    }
    if (spec.supplier !== undefined) {
      const supplier = plant.suppliers.find((x) => x.code === spec.supplier);
      if (spec.scope !== 'incoming') {
        report(
          at('supplier'),
          errorMessage(
            'supplier_outside_incoming',
            'only an incoming inspection names a supplier',
            {
              supplier: spec.supplier,
              scope: spec.scope,
            },
          ),
        );
      } else if (!supplier) report(at('supplier'), UNKNOWN.supplier(spec.supplier));
      else if (!supplier.materials.includes(spec.product)) {
        report(
          at('supplier'),
          errorMessage('supplier_does_not_supply', '{{supplier}} does not supply {{material}}', {
            supplier: spec.supplier,
            material: spec.product,
          }),
        );
      }
    }
    if (spec.scope === 'incoming' && spec.rangeTests.length > 0) {
      report(
        at('rangeTests'),
        errorMessage(
          'range_tests_on_incoming',
          'firing-range tests are for finished lots, not incoming inspection',
        ),
      );
    }
    if (spec.customer !== undefined) {
      mustExist(customers, spec.customer, at('customer'), UNKNOWN.customer);
    }
    index(spec.characteristics, `specifications[${s}].characteristics`);
    index(spec.rangeTests, `specifications[${s}].rangeTests`);
    spec.characteristics.forEach((ch, c) => {
      if (ch.type !== 'variable') return;
      if (ch.lsl === undefined && ch.usl === undefined) {
        report(
          at('characteristics', c),
          errorMessage(
            'characteristic_without_limits',
            'a variable characteristic needs lsl, usl or both',
            { characteristic: ch.code },
          ),
        );
      }
      if (ch.lsl !== undefined && ch.usl !== undefined && ch.lsl >= ch.usl) {
        report(
          at('characteristics', c, 'usl'),
          errorMessage('usl_not_above_lsl', 'must be greater than lsl ({{lsl}})', {
            lsl: ch.lsl,
            usl: ch.usl,
            characteristic: ch.code,
          }),
        );
      }
    });
    spec.rangeTests.forEach((test, t) => {
      test.limits.forEach((limit, k) => {
        if (limit.min === undefined && limit.max === undefined) {
          report(
            at('rangeTests', t, 'limits', k),
            errorMessage('range_limit_without_bounds', 'a limit needs min, max or both', {
              test: test.code,
            }),
          );
        } else if (limit.min !== undefined && limit.max !== undefined && limit.min > limit.max) {
          report(
            at('rangeTests', t, 'limits', k, 'max'),
            errorMessage('range_limit_max_below_min', 'must not be below min ({{min}})', {
              min: limit.min,
              max: limit.max,
              test: test.code,
            }),
          );
        }
      });
    });
  });

  plant.locations.forEach((location, l) => {
    const at = (...rest: Path): Path => ['locations', l, ...rest];
    const named = { location: location.code };
    mustExist(areas, location.area, at('area'), UNKNOWN.area);
    if (location.parent !== undefined) {
      if (location.parent === location.code) {
        report(
          at('parent'),
          errorMessage('location_contains_itself', 'a location cannot contain itself', named),
        );
      } else mustExist(locations, location.parent, at('parent'), UNKNOWN.location);
    }
    if (location.kind === 'magazine') {
      if (location.netExplosiveLimitKg === undefined) {
        report(
          at('netExplosiveLimitKg'),
          errorMessage(
            'magazine_without_explosive_limit',
            'a magazine needs a net explosive quantity limit',
            named,
          ),
        );
      }
      if (location.compatibilityGroups.length === 0) {
        report(
          at('compatibilityGroups'),
          errorMessage(
            'magazine_without_groups',
            'a magazine needs the compatibility groups it may hold',
            named,
          ),
        );
      }
      if (location.hazardDivisions.length === 0) {
        report(
          at('hazardDivisions'),
          errorMessage(
            'magazine_without_divisions',
            'a magazine needs the hazard divisions it may hold',
            named,
          ),
        );
      }
    }
  });
  reportParentCycles(plant, report);
  reportSafety(plant, report);

  plant.suppliers.forEach((supplier, s) => {
    supplier.materials.forEach((code, i) => {
      mustExist(materials, code, ['suppliers', s, 'materials', i], UNKNOWN.material);
    });
  });

  reportDowntimeReasons(plant.downtimeReasons, report);
  index(plant.scrapReasons, 'scrapReasons');

  return issues;
}

// A reported code must name one reason wherever it sits in the tree, and a
// group and its reasons are on the same side of the ISO 22400-2 split: a
// planned group with an unplanned leaf would move a loss out of planned busy time.
function reportDowntimeReasons(reasons: readonly DowntimeReason[], report: Report) {
  const firstAt = new Map<string, string>();
  const walk = (list: readonly DowntimeReason[], at: Path, parent?: DowntimeReason) => {
    list.forEach((reason, i) => {
      const path = [...at, i];
      const first = firstAt.get(reason.code);
      if (first !== undefined) {
        report(
          [...path, 'code'],
          errorMessage(
            'duplicate_reason_code',
            'duplicate code "{{code}}" (first at {{firstAt}})',
            {
              code: reason.code,
              firstAt: first,
            },
          ),
        );
      } else firstAt.set(reason.code, formatPath(path));
      if (parent && reason.category !== parent.category) {
        const named = { reason: reason.code, group: parent.code };
        report(
          [...path, 'category'],
          reason.category === 'unplanned'
            ? errorMessage(
                'unplanned_reason_in_planned_group',
                'an unplanned reason in the planned group "{{group}}"',
                named,
              )
            : errorMessage(
                'planned_reason_in_unplanned_group',
                'a planned reason in the unplanned group "{{group}}"',
                named,
              ),
        );
      }
      if (reason.children) walk(reason.children, [...path, 'children'], reason);
    });
  };
  walk(reasons, ['downtimeReasons']);
}

function reportParentCycles(plant: PlantFile, report: Report) {
  const parentOf = new Map(plant.locations.map((l) => [l.code, l.parent]));
  plant.locations.forEach((location, l) => {
    // A location that is its own parent is reported once, by the caller.
    if (location.parent === location.code) return;
    const seen = new Set<string>([location.code]);
    let next = location.parent;
    while (next !== undefined && parentOf.has(next)) {
      if (seen.has(next)) {
        report(
          ['locations', l, 'parent'],
          errorMessage('location_parent_loop', 'parent chain loops back to "{{parent}}"', {
            location: location.code,
            parent: next,
          }),
        );
        return;
      }
      seen.add(next);
      next = parentOf.get(next);
    }
  });
}

// The safety section is read by the storage interlocks and the
// quantity-distance check; what they cannot decide from a wrong file is
// refused here. A bay holds only what its building may hold, so the interlock
// checks a movement against the bay it goes to.
function reportSafety(plant: PlantFile, report: Report) {
  const byCode = new Map(plant.locations.map((l) => [l.code, l]));
  plant.locations.forEach((location, l) => {
    const parent = location.parent === undefined ? undefined : byCode.get(location.parent);
    if (!parent || parent.code === location.code) return;
    const outside = (field: 'hazardDivisions' | 'compatibilityGroups', value: string) => {
      const named = { location: location.code, building: parent.code };
      return field === 'hazardDivisions'
        ? errorMessage(
            'division_not_allowed_in_building',
            '{{division}} is not allowed in its building {{building}}',
            { ...named, division: value },
          )
        : errorMessage(
            'group_not_allowed_in_building',
            '{{group}} is not allowed in its building {{building}}',
            { ...named, group: value },
          );
    };
    for (const field of ['hazardDivisions', 'compatibilityGroups'] as const) {
      const allowed: readonly string[] = parent[field];
      if (allowed.length === 0) continue;
      location[field].forEach((value, i) => {
        if (!allowed.includes(value)) report(['locations', l, field, i], outside(field, value));
      });
    }
  });

  const safety = plant.safety;
  if (!safety) return;
  safety.mixing.forEach((rule, r) => {
    const seen = new Set<string>();
    rule.groups.forEach((group, g) => {
      if (seen.has(group)) {
        report(
          ['safety', 'mixing', r, 'groups', g],
          errorMessage('mixing_group_listed_twice', 'group {{group}} listed twice', { group }),
        );
      }
      seen.add(group);
    });
    if (!rule.allowed && rule.maxNetExplosiveKg !== undefined) {
      report(
        ['safety', 'mixing', r, 'maxNetExplosiveKg'],
        errorMessage(
          'mixing_quantity_when_forbidden',
          'a quantity condition applies only to groups that are allowed together',
          { groups: rule.groups },
        ),
      );
    }
  });
  (safety.quantityDistance?.factors ?? []).forEach((factor, f) => {
    const at = (...rest: Path): Path => ['safety', 'quantityDistance', 'factors', f, ...rest];
    if (factor.exposure !== 'intermagazine') {
      for (const field of ['fromMagazineType', 'toMagazineType'] as const) {
        if (factor[field] !== undefined) {
          report(
            at(field),
            errorMessage(
              'magazine_type_not_intermagazine',
              'magazine types apply only to intermagazine distances',
              { exposure: factor.exposure },
            ),
          );
        }
      }
    }
    if (
      factor.aboveKg !== undefined &&
      factor.upToKg !== undefined &&
      factor.aboveKg >= factor.upToKg
    ) {
      report(
        at('upToKg'),
        errorMessage('qd_band_empty', 'must be greater than aboveKg ({{aboveKg}})', {
          aboveKg: factor.aboveKg,
          upToKg: factor.upToKg,
        }),
      );
    }
  });
  const exposures = new Set<string>();
  safety.exposures.forEach((exposure, e) => {
    if (exposures.has(exposure.code)) {
      report(['safety', 'exposures', e, 'code'], duplicateCode(exposure.code));
    }
    exposures.add(exposure.code);
  });
  // Distances are measured between positions: a building (a magazine without
  // a parent) without one could not be checked, and would pass silently.
  if (safety.exposures.length > 0 || safety.quantityDistance !== undefined) {
    plant.locations.forEach((location, l) => {
      if (location.kind === 'magazine' && location.parent === undefined && !location.position) {
        report(
          ['locations', l, 'position'],
          errorMessage(
            'magazine_without_position',
            'a magazine needs a position when the plant is sited for quantity-distance (safety)',
            { location: location.code },
          ),
        );
      }
    });
  }
}

/** Length of a shift in minutes; an end at or before the start runs past midnight. */
export function shiftSpanMinutes(start: string, end: string): number {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const span = toMinutes(end) - toMinutes(start);
  return span > 0 ? span : span + 24 * 60;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
