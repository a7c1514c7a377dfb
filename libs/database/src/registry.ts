import { MIGRATIONS } from '@ixora/migrations';

/**
 * A mapped entity class. The list of them is assembled where an app is composed
 * (`@ixora/app-composition`) and handed in, so this lib knows no layer above it.
 */
export type EntityClass = new () => object;

export { MIGRATIONS };
