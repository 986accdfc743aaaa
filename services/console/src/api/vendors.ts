// Vendor names and kinds for every screen that shows vendor ids (rules, simulations, deliveries).
import { graphql } from '../generated/gql.ts';
import { useApiQuery } from './hooks.ts';

const VendorDirectoryQuery = graphql(`
  query VendorDirectory {
    routingVendors {
      id
      name
      slug
      kind
      active
      timeZone
    }
  }
`);

export type VendorSummary = {
  id: string;
  name: string;
  slug: string;
  kind: string;
  active: boolean;
  timeZone: string;
};

export function useVendorDirectory() {
  const query = useApiQuery(['vendor-directory'], VendorDirectoryQuery, {}, { staleTime: 60_000 });
  const vendors: VendorSummary[] = query.data?.routingVendors ?? [];
  const byId = new Map(vendors.map((v) => [v.id, v]));
  return {
    query,
    vendors,
    name: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? id) : 'Unrouted'),
  };
}
