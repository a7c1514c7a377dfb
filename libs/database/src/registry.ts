import { DOMAIN_ENTITIES } from '@ixora/domain';
import { MAIL_ENTITIES } from '@ixora/mail';
import { MIGRATIONS } from '@ixora/migrations';
import { PEERINGDB_ENTITIES } from '@ixora/peeringdb';

/** Every entity ixora maps, listed explicitly (never a glob). Adapters append theirs here. */
export const ENTITIES: (new () => object)[] = [...DOMAIN_ENTITIES, ...PEERINGDB_ENTITIES, ...MAIL_ENTITIES];

export { MIGRATIONS };
