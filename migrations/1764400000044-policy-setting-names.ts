import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each import-policy setting gets one name everywhere (CLI, API, policy model, templates): the
 * stored columns take the names of the settings table (`asPathMaxLength` is `maxAsPathLength`, …).
 * Values, CHECK constraints and NULLs (inherit) stay as they are.
 */
const RENAMES: readonly [string, string][] = [
  ['as_path_max_length', 'max_as_path_length'],
  ['prefix_min_length_v4', 'min_prefix_length_v4'],
  ['prefix_max_length_v4', 'max_prefix_length_v4'],
  ['prefix_min_length_v6', 'min_prefix_length_v6'],
  ['prefix_max_length_v6', 'max_prefix_length_v6'],
  ['is_irr_origin_enforced', 'irr_enforce_origin'],
  ['is_irr_prefix_enforced', 'irr_enforce_prefix'],
  ['is_irr_more_specific_allowed', 'irr_allow_more_specifics'],
  ['is_transit_free_enforced', 'enforce_transit_free'],
  ['is_add_path_enabled', 'add_path'],
  ['is_blackhole_allowed', 'allow_blackhole'],
];
const TABLES = ['ixp', 'member', 'route_server_session'];

export class PolicySettingNames1764400000044 implements MigrationInterface {
  name = 'PolicySettingNames1764400000044';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      for (const [from, to] of RENAMES)
        await q.query(`ALTER TABLE ${table} RENAME COLUMN policy_${from} TO policy_${to}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      for (const [from, to] of RENAMES)
        await q.query(`ALTER TABLE ${table} RENAME COLUMN policy_${to} TO policy_${from}`);
  }
}
