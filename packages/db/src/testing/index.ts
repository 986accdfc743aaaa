export { appRoleUrl } from '../client.ts';
export {
  createEmptyDatabase,
  createTestDatabase,
  databaseUrl,
  ensureTemplate,
  TEST_ADMIN_URL,
  type TestDatabase,
} from './test-database.ts';
