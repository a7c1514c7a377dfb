import { Column } from 'typeorm';

export const NEXT_HOP_POLICIES = ['strict', 'same-member'] as const;
export type NextHopPolicy = (typeof NEXT_HOP_POLICIES)[number];
export const MAX_PREFIX_ACTIONS = ['restart', 'block', 'warn', 'disable'] as const;
export type MaxPrefixAction = (typeof MAX_PREFIX_ACTIONS)[number];
export const RPKI_POLICIES = ['reject-invalid', 'tag-only', 'off'] as const;
export type RpkiPolicy = (typeof RPKI_POLICIES)[number];
export const BGP_ROLES = ['rs_server', 'none'] as const;
export type BgpRole = (typeof BGP_ROLES)[number];

/**
 * ImportPolicy settings (DESIGN §7). Embedded in Ixp (the defaults), Member and RouteServerSession
 * (overrides); `null` means "inherit". The policy builder resolves session > member > Ixp > built-in.
 */
export class ImportPolicyColumns {
  @Column({ type: 'text', nullable: true }) nextHopPolicy: NextHopPolicy | null;
  @Column({ type: 'smallint', nullable: true }) asPathMaxLength: number | null;
  @Column({ type: 'smallint', nullable: true }) prefixMinLengthV4: number | null;
  @Column({ type: 'smallint', nullable: true }) prefixMaxLengthV4: number | null;
  @Column({ type: 'smallint', nullable: true }) prefixMinLengthV6: number | null;
  @Column({ type: 'smallint', nullable: true }) prefixMaxLengthV6: number | null;
  @Column({ type: 'boolean', nullable: true }) isIrrOriginEnforced: boolean | null;
  @Column({ type: 'boolean', nullable: true }) isIrrPrefixEnforced: boolean | null;
  @Column({ type: 'boolean', nullable: true }) isIrrMoreSpecificAllowed: boolean | null;
  @Column({ type: 'text', nullable: true }) rpkiPolicy: RpkiPolicy | null;
  @Column({ type: 'boolean', nullable: true }) isTransitFreeEnforced: boolean | null;
  @Column({ type: 'text', nullable: true }) bgpRole: BgpRole | null;
  @Column({ type: 'boolean', nullable: true }) isAddPathEnabled: boolean | null;
  @Column({ type: 'text', nullable: true }) maxPrefixAction: MaxPrefixAction | null;
  @Column({ type: 'integer', nullable: true }) maxPrefixRestartMinutes: number | null;
  @Column({ type: 'boolean', nullable: true }) isBlackholeAllowed: boolean | null;
}

export const IMPORT_POLICY_KEYS = [
  'nextHopPolicy',
  'asPathMaxLength',
  'prefixMinLengthV4',
  'prefixMaxLengthV4',
  'prefixMinLengthV6',
  'prefixMaxLengthV6',
  'isIrrOriginEnforced',
  'isIrrPrefixEnforced',
  'isIrrMoreSpecificAllowed',
  'rpkiPolicy',
  'isTransitFreeEnforced',
  'bgpRole',
  'isAddPathEnabled',
  'maxPrefixAction',
  'maxPrefixRestartMinutes',
  'isBlackholeAllowed',
] as const satisfies readonly (keyof ImportPolicyColumns)[];
