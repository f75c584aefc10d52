import { describe, expect, it } from 'vitest';
import { type Capability, capabilityIndex, processCapability } from './capability.js';
import examplesFile from './data/spc-examples.json' with { type: 'json' };
import type { Outcome } from './sampling.js';
import { xbarRChart } from './spc.js';

function accepted<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.value;
}

function refusalOf(outcome: Outcome<unknown>): string {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.error.code;
}

// Six individual values: mean 72/6 = 12.
// Moving ranges 2, 1, 2, 1, 2 → MR̄ = 8/5 = 1.6, σ within = 1.6/1.128 = 1.4184397.
// Deviations −2, 0, −1, 1, 0, 2 → Σ² = 10, s² = 10/5 = 2, σ overall = √2 = 1.4142136.
const values = [10, 12, 11, 13, 12, 14];

describe('individual values, two-sided specification 6..20', () => {
  const capability = accepted(processCapability({ values }, { lsl: 6, usl: 20 }));

  it('σ within from MR̄/d2(2), σ overall the sample standard deviation', () => {
    expect(capability).toMatchObject({ n: 6, mean: 12, sigmaWithinFrom: 'moving-range' });
    expect(capability.sigmaWithin).toBeCloseTo(1.6 / 1.128, 14);
    expect(capability.sigmaOverall).toBeCloseTo(Math.SQRT2, 14);
  });

  it('Cp, Cpu, Cpl, Cpk with σ within', () => {
    // Cp  = 14/(6·1.6/1.128) = 14·1.128/9.6 = 1.645
    // Cpu = (20 − 12)·1.128/(3·1.6) = 9.024/4.8 = 1.88
    // Cpl = (12 − 6)·1.128/4.8 = 6.768/4.8 = 1.41 → Cpk = 1.41
    expect(capability.cp).toBeCloseTo(1.645, 12);
    expect(capability.cpu).toBeCloseTo(1.88, 12);
    expect(capability.cpl).toBeCloseTo(1.41, 12);
    expect(capability.cpk).toBeCloseTo(1.41, 12);
  });

  it('Pp, Ppu, Ppl, Ppk with σ overall', () => {
    // Pp  = 14/(6√2) = 1.6499158
    // Ppu = 8/(3√2) = 1.8856181, Ppl = 6/(3√2) = √2 = 1.4142136 → Ppk = 1.4142136
    expect(capability.pp).toBeCloseTo(14 / (6 * Math.SQRT2), 12);
    expect(capability.ppu).toBeCloseTo(1.8856181, 7);
    expect(capability.ppl).toBeCloseTo(Math.SQRT2, 12);
    expect(capability.ppk).toBeCloseTo(Math.SQRT2, 12);
  });

  it('a process centred off the specification has a negative Cpk', () => {
    // USL 11 below the mean 12: Cpu = (11 − 12)·1.128/4.8 = −0.235.
    const off = accepted(processCapability({ values }, { lsl: 6, usl: 11 }));
    expect(off.cpk).toBeCloseTo(-0.235, 12);
  });
});

describe('one-sided specifications', () => {
  it('upper limit only: Cpk = Cpu, Ppk = Ppu; Cp and Pp do not exist', () => {
    const capability = accepted(processCapability({ values }, { usl: 20 }));
    expect(capability).toMatchObject<Partial<Capability>>({
      cp: null,
      cpl: null,
      pp: null,
      ppl: null,
      usl: 20,
    });
    expect(capability.lsl).toBeUndefined();
    expect(capability.cpk).toBeCloseTo(1.88, 12);
    expect(capability.ppk).toBeCloseTo(8 / (3 * Math.SQRT2), 12);
  });

  it('lower limit only: Cpk = Cpl', () => {
    const capability = accepted(processCapability({ values }, { lsl: 6 }));
    expect(capability.cpu).toBeNull();
    expect(capability.cpk).toBeCloseTo(1.41, 12);
  });

  it('one index at a time refuses a two-sided index without both limits', () => {
    expect(refusalOf(capabilityIndex('cp', { values }, { usl: 20 }))).toBe(
      'two_sided_spec_required',
    );
    const pp = capabilityIndex('pp', { values }, { lsl: 6 });
    expect(pp.ok ? undefined : pp.error).toMatchObject({
      code: 'two_sided_spec_required',
      field: 'usl',
      message: 'PP needs LSL and USL; the specification has no USL',
    });
    expect(refusalOf(capabilityIndex('cpl', { values }, { usl: 20 }))).toBe('spec_limit_required');
    expect(refusalOf(capabilityIndex('ppu', { values }, { lsl: 6 }))).toBe('spec_limit_required');
    expect(accepted(capabilityIndex('cpk', { values }, { usl: 20 }))).toBeCloseTo(1.88, 12);
    expect(accepted(capabilityIndex('cp', { values }, { lsl: 6, usl: 20 }))).toBeCloseTo(1.645, 12);
  });
});

describe('subgroups', () => {
  // Three subgroups of 2: [9, 11], [10, 12], [11, 13]; mean 66/6 = 11.
  // Ranges 2, 2, 2 → R̄ = 2, σ within = 2/1.128 = 1.7730496.
  // Each subgroup's s = 2/√2 = √2 → s̄ = √2, σ within = √2/c4(2) = 1.4142136/0.7979 = 1.7724196.
  // Deviations −2, 0, −1, 1, 0, 2 → σ overall = √2.
  const subgroups = [
    [9, 11],
    [10, 12],
    [11, 13],
  ];

  it('σ within from R̄/d2 by default', () => {
    const capability = accepted(processCapability({ subgroups }, { lsl: 5, usl: 17 }));
    expect(capability.sigmaWithinFrom).toBe('range');
    expect(capability.mean).toBe(11);
    // Cp = 12/(6·2/1.128) = 1.128; Cpk = 6/(3·2/1.128) = 1.128 (centred).
    expect(capability.cp).toBeCloseTo(1.128, 12);
    expect(capability.cpk).toBeCloseTo(1.128, 12);
    // Pp = 12/(6√2) = √2.
    expect(capability.pp).toBeCloseTo(Math.SQRT2, 12);
  });

  it('σ within from s̄/c4 on request, table or precise c4', () => {
    const table = accepted(
      processCapability({ subgroups }, { lsl: 5, usl: 17 }, { sigmaWithin: 'standard-deviation' }),
    );
    // Cp = 12/(6·√2/0.7979) = 2·0.7979/√2 = 1.1283963.
    expect(table.sigmaWithin).toBeCloseTo(Math.SQRT2 / 0.7979, 12);
    expect(table.cp).toBeCloseTo((2 * 0.7979) / Math.SQRT2, 12);
    const precise = accepted(
      processCapability(
        { subgroups },
        { lsl: 5, usl: 17 },
        { sigmaWithin: 'standard-deviation', constants: 'precise' },
      ),
    );
    // c4(2) = √(2/π): σ within = √2·√(π/2) = √π.
    expect(precise.sigmaWithin).toBeCloseTo(Math.sqrt(Math.PI), 12);
  });

  it('a given σ within (the control chart’s) is used as is', () => {
    const capability = accepted(
      processCapability({ subgroups }, { lsl: 5, usl: 17 }, { sigmaWithin: 2 }),
    );
    expect(capability).toMatchObject({ sigmaWithin: 2, sigmaWithinFrom: 'given', cp: 1, cpk: 1 });
  });

  it('piston rings, subgroups 1–25, specification 74.000 ± 0.050: Cp from the X̄-R chart’s σ̂', () => {
    // σ̂ = R̄/d2 = 0.02276/2.326 = 0.0097850; Cp = 0.100/(6·0.0097850) = 0.2326/0.13656 = 1.70328.
    const subgroupsI = examplesFile.examples.pistonrings.subgroups.slice(0, 25);
    const capability = accepted(
      processCapability({ subgroups: subgroupsI }, { lsl: 73.95, usl: 74.05 }),
    );
    expect(capability.cp).toBeCloseTo(1.70328, 5);
    const chart = accepted(xbarRChart(subgroupsI));
    expect(capability.sigmaWithin).toBeCloseTo(chart.sigma, 15);
    // The mean 74.001176 sits 0.001176 above the nominal: Cpk = Cpu = 0.048824/(3·0.0097850).
    expect(capability.cpk).toBeCloseTo(0.048824 / (3 * chart.sigma), 10);
  });
});

describe('refusals', () => {
  it('needs a specification limit, in order, and finite', () => {
    expect(refusalOf(processCapability({ values }, {}))).toBe('no_spec_limit');
    const inverted = processCapability({ values }, { lsl: 20, usl: 6 });
    expect(inverted.ok ? undefined : inverted.error).toEqual({
      code: 'inverted_spec_limits',
      field: 'spec',
      message: 'lsl (20) must be below usl (6)',
      params: { lsl: 20, usl: 6 },
    });
    expect(refusalOf(processCapability({ values }, { lsl: 6, usl: 6 }))).toBe(
      'inverted_spec_limits',
    );
    expect(refusalOf(processCapability({ values }, { usl: Number.NaN }))).toBe(
      'invalid_spec_limit',
    );
  });

  it('needs at least 2 values, all finite, with some spread', () => {
    expect(refusalOf(processCapability({ values: [12] }, { usl: 20 }))).toBe('too_few_values');
    expect(refusalOf(processCapability({ values: [] }, { usl: 20 }))).toBe('too_few_values');
    expect(refusalOf(processCapability({ subgroups: [[12]] }, { usl: 20 }))).toBe('too_few_values');
    expect(
      refusalOf(processCapability({ values: [1, Number.POSITIVE_INFINITY] }, { usl: 20 })),
    ).toBe('invalid_value');
    expect(refusalOf(processCapability({ values: [5, 5, 5] }, { usl: 20 }))).toBe('no_variation');
    expect(refusalOf(processCapability({ values }, { usl: 20 }, { sigmaWithin: 0 }))).toBe(
      'invalid_sigma',
    );
  });

  it('the σ-within method must fit the data', () => {
    expect(refusalOf(processCapability({ values }, { usl: 20 }, { sigmaWithin: 'range' }))).toBe(
      'method_needs_subgroups',
    );
    expect(
      refusalOf(
        processCapability(
          {
            subgroups: [
              [1, 2],
              [3, 4],
            ],
          },
          { usl: 20 },
          { sigmaWithin: 'moving-range' },
        ),
      ),
    ).toBe('method_needs_values');
    expect(
      refusalOf(
        processCapability(
          {
            subgroups: [
              [1, 2, 3],
              [3, 4],
            ],
          },
          { usl: 20 },
        ),
      ),
    ).toBe('unequal_subgroup_sizes');
    expect(refusalOf(processCapability({ subgroups: [[1], [3]] }, { usl: 20 }))).toBe(
      'invalid_subgroup_size',
    );
  });
});
