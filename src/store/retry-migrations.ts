// The update ledger's retry migrations of both stores (kept apart so migrations.ts stays readable): `retry_at` on
// update_deliveries, when a claim whose delivery failed for a retryable reason is due again (any process may take it).

const NAME = 'update retries: when a claim left for a retry (a direct message that failed for a retryable reason) is due again';

export const UPDATE_RETRY_SQLITE_MIGRATION = {
  id: 21,
  name: NAME,
  sql: `ALTER TABLE update_deliveries ADD COLUMN retry_at TEXT;`,
};

export const UPDATE_RETRY_PG_MIGRATION = {
  id: 12,
  name: NAME,
  sql: `ALTER TABLE update_deliveries ADD COLUMN retry_at timestamptz;`,
};
