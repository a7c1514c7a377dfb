import { ixpSettingsOf, type Ixp, type PeeringLan } from '@ixora/domain';
import type { IxpResponse, IxpSettingsResponse, PeeringLanResponse } from './ixp.schemas.js';

export function toIxpResponse(ixp: Ixp): IxpResponse {
  return {
    id: ixp.id,
    shortname: ixp.shortname,
    name: ixp.name,
    country: ixp.country,
    url: ixp.url,
    peeringdbIxId: ixp.peeringdbIxId,
  };
}

export function toPeeringLanResponse(lan: PeeringLan): PeeringLanResponse {
  return {
    id: lan.id,
    ixpId: lan.ixpId,
    name: lan.name,
    vlanId: lan.vlanId,
    prefixV4: lan.prefixV4,
    prefixV6: lan.prefixV6,
  };
}

export function toIxpSettingsResponse(ixp: Ixp): IxpSettingsResponse {
  return { id: ixp.id, shortname: ixp.shortname, ...ixpSettingsOf(ixp) };
}
