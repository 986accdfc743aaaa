// A dedicated test database for the dispatch module's tests, with an owner client (to set up
// rows) and an application-role client (the one under test), opened and dropped per file.
import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { afterAll, beforeAll } from 'vitest';

export function useDispatchDatabase(prefix: string) {
  const world = {} as { db: TestDatabase; owner: PrismaClient; app: PrismaClient };
  beforeAll(async () => {
    world.db = await createTestDatabase(prefix);
    world.owner = createPrismaClient({ url: world.db.url, max: 2 });
    world.app = createPrismaClient({ url: world.db.appUrl, max: 4 });
  });
  afterAll(async () => {
    await world.app?.$disconnect();
    await world.owner?.$disconnect();
    await world.db?.drop();
  });
  return world;
}
