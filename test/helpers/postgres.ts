import crypto from 'node:crypto';
import postgres from 'postgres';

/** Creates an empty database on the TEST_DATABASE_URL server (or `base`); `drop` removes it. */
export async function createPostgresDatabase(base = process.env.TEST_DATABASE_URL, prefix = 'ns_test'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
