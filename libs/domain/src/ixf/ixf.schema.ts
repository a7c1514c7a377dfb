import { z } from 'zod';

/**
 * The IX-F Member Export JSON schema 1.0, as zod. Unknown keys are allowed (real exports, IXP
 * Manager's first of all, carry extra fields); what ixora reads is checked strictly.
 */
const ipv4Vlan = z.looseObject({
  prefix: z.string(),
  mask_length: z.number().int().min(0).max(32),
  looking_glass_urls: z.array(z.string()).optional(),
});
const ipv6Vlan = z.looseObject({
  prefix: z.string(),
  mask_length: z.number().int().min(0).max(128),
  looking_glass_urls: z.array(z.string()).optional(),
});

const service = z.looseObject({
  type: z.string(),
  os: z.string().optional(),
  os_version: z.string().optional(),
  daemon: z.string().optional(),
  daemon_version: z.string().optional(),
});

const vlanAddress = z.looseObject({
  address: z.string(),
  as_macro: z.string().optional(),
  max_prefix: z.number().int().min(0).optional(),
  routeserver: z.boolean().optional(),
  mac_addresses: z.array(z.string()).optional(),
  services: z.array(service).optional(),
});

export const ixfSchema = z.looseObject({
  version: z.string().regex(/^(0\.[67]|1\.0)$/, 'must be "1.0" (0.6 and 0.7 read as 1.0)'),
  timestamp: z.string(),
  ixp_list: z
    .array(
      z.looseObject({
        ixp_id: z.number().int(),
        ixf_id: z.number().int(),
        shortname: z.string().min(1),
        name: z.string().optional(),
        url: z.string().optional(),
        country: z.string().optional(),
        peeringdb_id: z.number().int().optional(),
        support_email: z.string().optional(),
        switch: z
          .array(
            z.looseObject({
              id: z.number().int(),
              name: z.string(),
              colo: z.string().optional(),
              pdb_facility_id: z.number().int().optional(),
              city: z.string().optional(),
              country: z.string().optional(),
              manufacturer: z.string().optional(),
              model: z.string().optional(),
            }),
          )
          .optional(),
        vlan: z
          .array(
            z.looseObject({
              id: z.number().int(),
              name: z.string().optional(),
              ipv4: ipv4Vlan.optional(),
              ipv6: ipv6Vlan.optional(),
            }),
          )
          .optional(),
      }),
    )
    .min(1),
  member_list: z.array(
    z.looseObject({
      asnum: z.number().int(),
      member_type: z.string().optional(),
      name: z.string().optional(),
      url: z.string().optional(),
      peering_policy: z.string().optional(),
      member_since: z.string().optional(),
      connection_list: z.array(
        z.looseObject({
          ixp_id: z.number().int(),
          state: z.string().optional(),
          if_list: z
            .array(
              z.looseObject({
                switch_id: z.number().int().optional(),
                if_speed: z.number().int().min(0).optional(),
                if_type: z.string().optional(),
              }),
            )
            .optional(),
          vlan_list: z
            .array(
              z.looseObject({
                vlan_id: z.number().int().optional(),
                ipv4: vlanAddress.optional(),
                ipv6: vlanAddress.optional(),
              }),
            )
            .optional(),
        }),
      ),
    }),
  ),
});

export type IxfDocument = z.infer<typeof ixfSchema>;
export type IxfMember = IxfDocument['member_list'][number];
export type IxfIxp = IxfDocument['ixp_list'][number];

/** `$.member_list[3].connection_list[0].vlan_list[1].ipv4.address` from a zod/our path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return (
    '$' +
    path
      .map((p) =>
        typeof p === 'number'
          ? `[${p}]`
          : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p))
            ? `.${String(p)}`
            : `[${JSON.stringify(String(p))}]`,
      )
      .join('')
  );
}
