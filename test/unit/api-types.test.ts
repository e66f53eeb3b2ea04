/**
 * The web client's API types are generated from the server's zod schemas (scripts/gen-api-types.ts).
 * A response schema changed without `npm run gen:api` fails here, so the web app never builds
 * against a stale description of the API.
 */
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/gen-api-types.ts';

describe('generated API types', () => {
  it('web/src/api/schema.d.ts is what the server schemas generate (run `npm run gen:api`)', async () => {
    const checkedIn = await fs.readFile(API_TYPES_FILE, 'utf8');
    const current = await generateApiTypes();
    expect(checkedIn === current, 'web/src/api/schema.d.ts is stale: run `npm run gen:api` and commit the result').toBe(true);
  });
});
