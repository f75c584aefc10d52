// Rules a plant must satisfy beyond the shape of each entry: codes unique,
// references resolvable, rates consistent. Pure; every problem is reported at
// once with its path, so an engineer fixes a file in one pass.

import { hasValidCheckDigit } from '../../core/gs1-check-digit.js';
import { formatPath, parseWith } from '../../core/validation.js';
import { isClassificationCode } from './hazard-codes.js';
import { type DowntimeReason, PlantFile, type PlantIssue } from './model.js';

type Path = (string | number)[];

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
  const report = (path: Path, message: string) => issues.push({ path: formatPath(path), message });

  const index = <T extends { code: string }>(list: readonly T[], key: string) => {
    const byCode = new Map<string, T>();
    list.forEach((item, i) => {
      if (byCode.has(item.code)) report([key, i, 'code'], `duplicate code "${item.code}"`);
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

  const mustExist = (map: Map<string, unknown>, code: string, path: Path, what: string) => {
    if (!map.has(code)) report(path, `unknown ${what} "${code}"`);
  };

  plant.calendars.forEach((calendar, c) => {
    index(calendar.shifts, `calendars[${c}].shifts`);
    calendar.shifts.forEach((shift, s) => {
      const minutes = shiftSpanMinutes(shift.start, shift.end);
      if (shift.breakMinutes >= minutes) {
        report(
          ['calendars', c, 'shifts', s, 'breakMinutes'],
          `breaks of ${shift.breakMinutes} min leave no working time in a ${minutes}-min shift`,
        );
      }
    });
  });

  plant.materials.forEach((material, m) => {
    if (material.gtin && !hasValidCheckDigit(material.gtin)) {
      report(['materials', m, 'gtin'], `${material.gtin} has a wrong GS1 check digit`);
    }
    const hazard = material.hazard;
    if (hazard && !isClassificationCode(hazard.division, hazard.compatibilityGroup)) {
      report(
        ['materials', m, 'hazard', 'compatibilityGroup'],
        `${hazard.division}${hazard.compatibilityGroup} is not a UN classification code`,
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
        `interfixes ${a.first}–${a.last} overlap those of ${clash.code} (${clash.first}–${clash.last})`,
      );
    }
  }

  const isFinished = (code: string) => materials.get(code)?.kind === 'finished';
  const bomProducts = new Set<string>();
  plant.boms.forEach((bom, b) => {
    if (bomProducts.has(bom.product)) {
      report(['boms', b, 'product'], `a second bill of material for "${bom.product}"`);
    }
    bomProducts.add(bom.product);
    if (!materials.has(bom.product))
      report(['boms', b, 'product'], `unknown material "${bom.product}"`);
    else if (!isFinished(bom.product)) {
      report(['boms', b, 'product'], `"${bom.product}" is not a finished material`);
    }
    const seen = new Set<string>();
    bom.items.forEach((item, i) => {
      const path = ['boms', b, 'items', i, 'material'];
      if (seen.has(item.material)) report(path, `"${item.material}" listed twice`);
      seen.add(item.material);
      if (item.material === bom.product) report(path, 'a product cannot be its own component');
      else mustExist(materials, item.material, path, 'material');
    });
  });

  plant.lines.forEach((line, l) => {
    const at = (...rest: Path): Path => ['lines', l, ...rest];
    const area = areas.get(line.area);
    if (!area) report(at('area'), `unknown area "${line.area}"`);
    else if (area.kind !== 'production') {
      report(at('area'), `area "${line.area}" is a ${area.kind} area, not production`);
    }
    mustExist(calendars, line.calendar, at('calendar'), 'calendar');
    index(line.stations, `lines[${l}].stations`);

    const slowest = line.stations.reduce((a, b) => (b.ratePerMinute < a.ratePerMinute ? b : a));
    const made = new Set<string>();
    line.products.forEach((lp, p) => {
      if (made.has(lp.product))
        report(at('products', p, 'product'), `"${lp.product}" listed twice`);
      made.add(lp.product);
      if (!materials.has(lp.product)) {
        report(at('products', p, 'product'), `unknown material "${lp.product}"`);
      } else if (!isFinished(lp.product)) {
        report(at('products', p, 'product'), `"${lp.product}" is not a finished material`);
      } else if (!bomProducts.has(lp.product)) {
        report(at('products', p, 'product'), `"${lp.product}" has no bill of material`);
      }
      if (lp.ratePerMinute > slowest.ratePerMinute) {
        report(
          at('products', p, 'ratePerMinute'),
          `${lp.ratePerMinute}/min exceeds the slowest station ${slowest.code} (${slowest.ratePerMinute}/min)`,
        );
      }
    });
    const shares = line.products.map((p) => p.share);
    if (shares.some((s) => s !== undefined)) {
      if (shares.some((s) => s === undefined)) {
        report(at('products'), 'give a share for every product of the line, or for none');
      } else {
        const total = shares.reduce<number>((sum, s) => sum + (s ?? 0), 0);
        if (Math.abs(total - 1) > 1e-6) {
          report(at('products'), `product shares add up to ${round(total, 4)}, expected 1`);
        }
      }
    }
    const pairs = new Set<string>();
    line.changeovers.forEach((change, c) => {
      for (const end of ['from', 'to'] as const) {
        if (!made.has(change[end])) {
          report(
            at('changeovers', c, end),
            `"${change[end]}" is not a product of line ${line.code}`,
          );
        }
      }
      if (change.from === change.to)
        report(at('changeovers', c), 'a changeover needs two products');
      const pair = `${change.from}→${change.to}`;
      if (pairs.has(pair)) report(at('changeovers', c), `changeover ${pair} listed twice`);
      pairs.add(pair);
    });
  });

  plant.maintenance.forEach((window, w) => {
    window.lines.forEach((code, i) => {
      mustExist(lines, code, ['maintenance', w, 'lines', i], 'line');
    });
    if (window.to < window.from)
      report(['maintenance', w, 'to'], `ends before it starts (${window.from})`);
  });

  plant.specifications.forEach((spec, s) => {
    const at = (...rest: Path): Path => ['specifications', s, ...rest];
    if (!materials.has(spec.product)) report(at('product'), `unknown material "${spec.product}"`);
    else if (spec.scope === 'lot_acceptance' && !isFinished(spec.product)) {
      report(at('product'), `"${spec.product}" is not a finished material`);
    } else if (spec.scope === 'incoming' && isFinished(spec.product)) {
      report(
        at('product'),
        `"${spec.product}" is made in the plant, not received: incoming inspection is for components`,
      );
    }
    if (spec.supplier !== undefined) {
      const supplier = plant.suppliers.find((x) => x.code === spec.supplier);
      if (spec.scope !== 'incoming')
        report(at('supplier'), 'only an incoming inspection names a supplier');
      else if (!supplier) report(at('supplier'), `unknown supplier "${spec.supplier}"`);
      else if (!supplier.materials.includes(spec.product)) {
        report(at('supplier'), `${spec.supplier} does not supply ${spec.product}`);
      }
    }
    if (spec.scope === 'incoming' && spec.rangeTests.length > 0) {
      report(at('rangeTests'), 'firing-range tests are for finished lots, not incoming inspection');
    }
    if (spec.customer !== undefined)
      mustExist(customers, spec.customer, at('customer'), 'customer');
    index(spec.characteristics, `specifications[${s}].characteristics`);
    index(spec.rangeTests, `specifications[${s}].rangeTests`);
    spec.characteristics.forEach((ch, c) => {
      if (ch.type !== 'variable') return;
      if (ch.lsl === undefined && ch.usl === undefined) {
        report(at('characteristics', c), 'a variable characteristic needs lsl, usl or both');
      }
      if (ch.lsl !== undefined && ch.usl !== undefined && ch.lsl >= ch.usl) {
        report(at('characteristics', c, 'usl'), `must be greater than lsl (${ch.lsl})`);
      }
    });
    spec.rangeTests.forEach((test, t) => {
      test.limits.forEach((limit, k) => {
        if (limit.min === undefined && limit.max === undefined) {
          report(at('rangeTests', t, 'limits', k), 'a limit needs min, max or both');
        } else if (limit.min !== undefined && limit.max !== undefined && limit.min > limit.max) {
          report(at('rangeTests', t, 'limits', k, 'max'), `must not be below min (${limit.min})`);
        }
      });
    });
  });

  plant.locations.forEach((location, l) => {
    const at = (...rest: Path): Path => ['locations', l, ...rest];
    mustExist(areas, location.area, at('area'), 'area');
    if (location.parent !== undefined) {
      if (location.parent === location.code)
        report(at('parent'), 'a location cannot contain itself');
      else mustExist(locations, location.parent, at('parent'), 'location');
    }
    if (location.kind === 'magazine') {
      if (location.netExplosiveLimitKg === undefined) {
        report(at('netExplosiveLimitKg'), 'a magazine needs a net explosive quantity limit');
      }
      if (location.compatibilityGroups.length === 0) {
        report(at('compatibilityGroups'), 'a magazine needs the compatibility groups it may hold');
      }
      if (location.hazardDivisions.length === 0) {
        report(at('hazardDivisions'), 'a magazine needs the hazard divisions it may hold');
      }
    }
  });
  reportParentCycles(plant, report);
  reportSafety(plant, report);

  plant.suppliers.forEach((supplier, s) => {
    supplier.materials.forEach((code, i) => {
      mustExist(materials, code, ['suppliers', s, 'materials', i], 'material');
    });
  });

  reportDowntimeReasons(plant.downtimeReasons, report);
  index(plant.scrapReasons, 'scrapReasons');

  return issues;
}

// A reported code must name one reason wherever it sits in the tree, and a
// group and its reasons are on the same side of the ISO 22400-2 split: a
// planned group with an unplanned leaf would move a loss out of planned busy time.
function reportDowntimeReasons(
  reasons: readonly DowntimeReason[],
  report: (path: Path, message: string) => void,
) {
  const firstAt = new Map<string, string>();
  const walk = (list: readonly DowntimeReason[], at: Path, parent?: DowntimeReason) => {
    list.forEach((reason, i) => {
      const path = [...at, i];
      const first = firstAt.get(reason.code);
      if (first !== undefined) {
        report([...path, 'code'], `duplicate code "${reason.code}" (first at ${first})`);
      } else firstAt.set(reason.code, formatPath(path));
      if (parent && reason.category !== parent.category) {
        report(
          [...path, 'category'],
          `${reason.category === 'unplanned' ? 'an' : 'a'} ${reason.category} reason in the ${parent.category} group "${parent.code}"`,
        );
      }
      if (reason.children) walk(reason.children, [...path, 'children'], reason);
    });
  };
  walk(reasons, ['downtimeReasons']);
}

function reportParentCycles(plant: PlantFile, report: (path: Path, message: string) => void) {
  const parentOf = new Map(plant.locations.map((l) => [l.code, l.parent]));
  plant.locations.forEach((location, l) => {
    // A location that is its own parent is reported once, by the caller.
    if (location.parent === location.code) return;
    const seen = new Set<string>([location.code]);
    let next = location.parent;
    while (next !== undefined && parentOf.has(next)) {
      if (seen.has(next)) {
        report(['locations', l, 'parent'], `parent chain loops back to "${next}"`);
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
function reportSafety(plant: PlantFile, report: (path: Path, message: string) => void) {
  const byCode = new Map(plant.locations.map((l) => [l.code, l]));
  plant.locations.forEach((location, l) => {
    const parent = location.parent === undefined ? undefined : byCode.get(location.parent);
    if (!parent || parent.code === location.code) return;
    for (const field of ['hazardDivisions', 'compatibilityGroups'] as const) {
      const allowed: readonly string[] = parent[field];
      if (allowed.length === 0) continue;
      location[field].forEach((value, i) => {
        if (!allowed.includes(value)) {
          report(
            ['locations', l, field, i],
            `${value} is not allowed in its building ${parent.code}`,
          );
        }
      });
    }
  });

  const safety = plant.safety;
  if (!safety) return;
  safety.mixing.forEach((rule, r) => {
    const seen = new Set<string>();
    rule.groups.forEach((group, g) => {
      if (seen.has(group))
        report(['safety', 'mixing', r, 'groups', g], `group ${group} listed twice`);
      seen.add(group);
    });
    if (!rule.allowed && rule.maxNetExplosiveKg !== undefined) {
      report(
        ['safety', 'mixing', r, 'maxNetExplosiveKg'],
        'a quantity condition applies only to groups that are allowed together',
      );
    }
  });
  (safety.quantityDistance?.factors ?? []).forEach((factor, f) => {
    const at = (...rest: Path): Path => ['safety', 'quantityDistance', 'factors', f, ...rest];
    if (factor.exposure !== 'intermagazine') {
      for (const field of ['fromMagazineType', 'toMagazineType'] as const) {
        if (factor[field] !== undefined) {
          report(at(field), 'magazine types apply only to intermagazine distances');
        }
      }
    }
    if (
      factor.aboveKg !== undefined &&
      factor.upToKg !== undefined &&
      factor.aboveKg >= factor.upToKg
    ) {
      report(at('upToKg'), `must be greater than aboveKg (${factor.aboveKg})`);
    }
  });
  const exposures = new Set<string>();
  safety.exposures.forEach((exposure, e) => {
    if (exposures.has(exposure.code)) {
      report(['safety', 'exposures', e, 'code'], `duplicate code "${exposure.code}"`);
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
          'a magazine needs a position when the plant is sited for quantity-distance (safety)',
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
