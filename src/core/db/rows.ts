// The rows of a raw statement (`db.execute`): node-postgres and PGlite both
// answer with `{ rows }`; an array is taken as the rows themselves.
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
