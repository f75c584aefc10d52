// UN Model Regulations 2.1.2.1: the classification codes (division + compatibility
// group) that exist. A division/group pair outside this list (e.g. 1.6S) is not a
// real classification, so the plant file refuses it.
export const HAZARD_DIVISIONS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'] as const;
export type HazardDivision = (typeof HAZARD_DIVISIONS)[number];

export const COMPATIBILITY_GROUPS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'J',
  'K',
  'L',
  'N',
  'S',
] as const;
export type CompatibilityGroup = (typeof COMPATIBILITY_GROUPS)[number];

export const CLASSIFICATION_CODES: Readonly<Record<CompatibilityGroup, readonly HazardDivision[]>> =
  {
    A: ['1.1'],
    B: ['1.1', '1.2', '1.4'],
    C: ['1.1', '1.2', '1.3', '1.4'],
    D: ['1.1', '1.2', '1.4', '1.5'],
    E: ['1.1', '1.2', '1.4'],
    F: ['1.1', '1.2', '1.3', '1.4'],
    G: ['1.1', '1.2', '1.3', '1.4'],
    H: ['1.2', '1.3'],
    J: ['1.1', '1.2', '1.3'],
    K: ['1.2', '1.3'],
    L: ['1.1', '1.2', '1.3'],
    N: ['1.6'],
    S: ['1.4'],
  };

export function isClassificationCode(division: HazardDivision, group: CompatibilityGroup): boolean {
  return CLASSIFICATION_CODES[group].includes(division);
}
