import { DOMAIN_ENTITIES } from '@ixora/domain';
import { MIGRATIONS } from '@ixora/migrations';

/** Every entity ixora maps, listed explicitly (never a glob). Adapters append theirs here. */
export const ENTITIES: Function[] = [...DOMAIN_ENTITIES];

export { MIGRATIONS };
