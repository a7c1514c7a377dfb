/** Nest injection token for the frozen `IxoraConfig`. */
export const IXORA_CONFIG = Symbol('IXORA_CONFIG');
