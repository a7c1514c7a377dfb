import type { EntityClass } from '@ixora/database';
import { DOMAIN_ENTITIES } from '@ixora/domain';
import { MAIL_ENTITIES } from '@ixora/mail';
import { PEERINGDB_ENTITIES } from '@ixora/peeringdb';

/**
 * Every entity ixora maps, listed explicitly (never a glob): the domain's, then each adapter's.
 * A lib that adds entities appends its list here; every app and the test database map this one.
 */
export const APP_ENTITIES: readonly EntityClass[] = [
  ...DOMAIN_ENTITIES,
  ...PEERINGDB_ENTITIES,
  ...MAIL_ENTITIES,
];
