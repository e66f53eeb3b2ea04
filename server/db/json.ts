import { type RawBuilder, sql } from 'kysely';

/**
 * A jsonb parameter that both drivers read the same way. The value travels as text and is
 * cast on the server: postgres.js would otherwise JSON-encode a string a second time.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  // null is SQL NULL, not the JSON scalar `null`, so `is null` works on optional columns.
  if (value === null || value === undefined) return sql<T>`null::jsonb`;
  return sql<T>`cast(${JSON.stringify(value)}::text as jsonb)`;
}
