// Quantities as the database stores them (numeric, six decimals): kilograms
// of propellant and counts of cartridges add up without float drift.
export function roundQuantity(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
