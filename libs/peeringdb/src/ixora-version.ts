/** ixora's release, sent in the PeeringDB User-Agent; a unit test keeps it equal to package.json. */
export const IXORA_VERSION = '0.1.0';
