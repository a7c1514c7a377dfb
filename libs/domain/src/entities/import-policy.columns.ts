import { Column } from 'typeorm';
import { IMPORT_POLICY_SETTING_KEYS, POLICY_SETTING_CHOICES } from '@ixora/bird-config';

export const NEXT_HOP_POLICIES = POLICY_SETTING_CHOICES.nextHopPolicy;
export type NextHopPolicy = (typeof NEXT_HOP_POLICIES)[number];
export const MAX_PREFIX_ACTIONS = POLICY_SETTING_CHOICES.maxPrefixAction;
export type MaxPrefixAction = (typeof MAX_PREFIX_ACTIONS)[number];
export const RPKI_POLICIES = POLICY_SETTING_CHOICES.rpkiPolicy;
export type RpkiPolicy = (typeof RPKI_POLICIES)[number];
export const BGP_ROLES = POLICY_SETTING_CHOICES.bgpRole;
export type BgpRole = (typeof BGP_ROLES)[number];

/**
 * ImportPolicy settings, one column per entry of the settings table of `@ixora/bird-config` and
 * named as it is. Embedded in Ixp (the defaults), Member and RouteServerSession (overrides);
 * `null` means "inherit". The policy builder resolves session > member > Ixp > built-in.
 */
export class ImportPolicyColumns {
  @Column({ type: 'text', nullable: true }) nextHopPolicy: NextHopPolicy | null;
  @Column({ type: 'smallint', nullable: true }) maxAsPathLength: number | null;
  @Column({ type: 'smallint', nullable: true }) minPrefixLengthV4: number | null;
  @Column({ type: 'smallint', nullable: true }) maxPrefixLengthV4: number | null;
  @Column({ type: 'smallint', nullable: true }) minPrefixLengthV6: number | null;
  @Column({ type: 'smallint', nullable: true }) maxPrefixLengthV6: number | null;
  @Column({ type: 'boolean', nullable: true }) irrEnforceOrigin: boolean | null;
  @Column({ type: 'boolean', nullable: true }) irrEnforcePrefix: boolean | null;
  @Column({ type: 'boolean', nullable: true }) irrAllowMoreSpecifics: boolean | null;
  @Column({ type: 'text', nullable: true }) rpkiPolicy: RpkiPolicy | null;
  @Column({ type: 'boolean', nullable: true }) enforceTransitFree: boolean | null;
  @Column({ type: 'text', nullable: true }) bgpRole: BgpRole | null;
  @Column({ type: 'boolean', nullable: true }) addPath: boolean | null;
  @Column({ type: 'text', nullable: true }) maxPrefixAction: MaxPrefixAction | null;
  @Column({ type: 'integer', nullable: true }) maxPrefixRestartMinutes: number | null;
  @Column({ type: 'boolean', nullable: true }) allowBlackhole: boolean | null;
}

/** The settings table's keys, which are the column names (the type checks every key has its column). */
export const IMPORT_POLICY_KEYS = IMPORT_POLICY_SETTING_KEYS satisfies readonly (keyof ImportPolicyColumns)[];
