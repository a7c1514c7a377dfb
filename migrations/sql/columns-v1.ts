/**
 * Column definitions shared by the first migrations. Frozen like the migrations that use them: a
 * later change to these columns is a new migration, never an edit here.
 */
export const POLICY_COLUMNS_V1 = `
  policy_next_hop_policy text CHECK (policy_next_hop_policy IN ('strict', 'same-member')),
  policy_as_path_max_length smallint CHECK (policy_as_path_max_length BETWEEN 1 AND 255),
  policy_prefix_min_length_v4 smallint CHECK (policy_prefix_min_length_v4 BETWEEN 0 AND 32),
  policy_prefix_max_length_v4 smallint CHECK (policy_prefix_max_length_v4 BETWEEN 0 AND 32),
  policy_prefix_min_length_v6 smallint CHECK (policy_prefix_min_length_v6 BETWEEN 0 AND 128),
  policy_prefix_max_length_v6 smallint CHECK (policy_prefix_max_length_v6 BETWEEN 0 AND 128),
  policy_is_irr_origin_enforced boolean,
  policy_is_irr_prefix_enforced boolean,
  policy_is_irr_more_specific_allowed boolean,
  policy_rpki_policy text CHECK (policy_rpki_policy IN ('reject-invalid', 'tag-only', 'off')),
  policy_is_transit_free_enforced boolean,
  policy_bgp_role text CHECK (policy_bgp_role IN ('rs_server', 'none')),
  policy_is_add_path_enabled boolean,
  policy_max_prefix_action text CHECK (policy_max_prefix_action IN ('restart', 'block', 'warn', 'disable')),
  policy_max_prefix_restart_minutes integer CHECK (policy_max_prefix_restart_minutes > 0),
  policy_is_blackhole_allowed boolean`;

export const ASN_CHECK_V1 = (column: string): string => `CHECK (${column} BETWEEN 1 AND 4294967295)`;
