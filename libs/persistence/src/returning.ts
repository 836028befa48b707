interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows a write's RETURNING gave. TypeORM's query() answers an UPDATE or DELETE with
 * [rows, affected] but an INSERT with the rows alone; taking `[row]` from the first reads
 * the whole row list as a row.
 */
export async function returning<T>(on: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = await on.query(sql, parameters);
  if (!Array.isArray(result)) return [];
  return (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}
