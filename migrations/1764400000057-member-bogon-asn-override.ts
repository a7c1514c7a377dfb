import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members with a bogon ASN (AS0, AS_TRANS, documentation, private-use, reserved) are refused unless
 * staff allow it explicitly: who allowed it, why and when live on the member, all three or none.
 * Members that already hold a bogon ASN keep working: they get the override, signed by this
 * migration, so every bogon ASN in the table carries a reason.
 */
export class MemberBogonAsnOverride1764400000057 implements MigrationInterface {
  name = 'MemberBogonAsnOverride1764400000057';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE member
         ADD COLUMN bogon_asn_reason text,
         ADD COLUMN bogon_asn_allowed_by text,
         ADD COLUMN bogon_asn_allowed_at timestamptz,
         ADD CONSTRAINT member_bogon_asn_override_whole CHECK (
           (bogon_asn_reason IS NULL) = (bogon_asn_allowed_by IS NULL)
           AND (bogon_asn_reason IS NULL) = (bogon_asn_allowed_at IS NULL))`,
    );
    // The ranges of @ixora/net BOGON_ASN_RANGES as they stand at this migration.
    await q.query(
      `UPDATE member
          SET bogon_asn_reason = 'the member existed before ixora refused bogon ASNs',
              bogon_asn_allowed_by = 'migration 1764400000057',
              bogon_asn_allowed_at = now()
        WHERE asn = 0 OR asn = 23456 OR asn BETWEEN 64496 AND 131071 OR asn >= 4200000000`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE member
         DROP CONSTRAINT member_bogon_asn_override_whole,
         DROP COLUMN bogon_asn_reason,
         DROP COLUMN bogon_asn_allowed_by,
         DROP COLUMN bogon_asn_allowed_at`,
    );
  }
}
