import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

// The API accepts capacity years 2000–2100.
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

export const currentYear = (): number => new Date().getFullYear();

/** The capacity year, kept in the URL (?year=2027) so a link shows the same figures. */
export function useYear(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const year =
    Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= LAST_YEAR ? asked : currentYear();
  const setYear = useCallback(
    (next: number) =>
      setParams(
        (previous) => {
          const updated = new URLSearchParams(previous);
          if (next === currentYear()) updated.delete('year');
          else updated.set('year', String(next));
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [year, setYear];
}

/** Last year, this year and the next two, plus the chosen year if it lies outside them. */
export function yearChoices(selected: number): number[] {
  const now = currentYear();
  const years = [now - 1, now, now + 1, now + 2];
  if (!years.includes(selected)) years.push(selected);
  return years.sort((a, b) => a - b);
}
