import { DOMAIN_ENTITIES } from '@ixora/domain';
import { MIGRATIONS } from '@ixora/migrations';
import { PEERINGDB_ENTITIES } from '@ixora/peeringdb';

/** Every entity ixora maps, listed explicitly (never a glob). Adapters append theirs here. */
export const ENTITIES: (new () => object)[] = [...DOMAIN_ENTITIES, ...PEERINGDB_ENTITIES];

export { MIGRATIONS };
