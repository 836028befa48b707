/**
 * Test set-up drops and recreates schemas; it must never do that to a real database.
 * The database name has to say it is for tests.
 */
export function assertTestDatabase(url: string): void {
  let name: string;
  try {
    name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  } catch {
    throw new Error('test database URL is not a valid postgres:// URL');
  }
  if (!/test/i.test(name)) {
    throw new Error(`refusing to run tests against database "${name}": its name must contain "test"`);
  }
}
