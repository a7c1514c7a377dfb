import { planSessions } from './session-plan.js';

describe('planSessions', () => {
  const dualStackRs = { id: 1, hasV4: true, hasV6: true };
  const v4OnlyRs = { id: 2, hasV4: true, hasV6: false };

  it('gives a dual-stack interface one session per family per route server', () => {
    const plan = planSessions(
      [dualStackRs, v4OnlyRs],
      [{ id: 10, isRouteServerClient: true, hasV4: true, hasV6: true }],
    );
    expect(plan).toEqual([
      { routeServerId: 1, memberInterfaceId: 10, family: 4 },
      { routeServerId: 1, memberInterfaceId: 10, family: 6 },
      { routeServerId: 2, memberInterfaceId: 10, family: 4 },
    ]);
  });

  it('gives v6-only interfaces only v6 sessions and skips interfaces not flagged for the route servers', () => {
    const plan = planSessions(
      [dualStackRs, v4OnlyRs],
      [
        { id: 11, isRouteServerClient: true, hasV4: false, hasV6: true },
        { id: 12, isRouteServerClient: false, hasV4: true, hasV6: true },
      ],
    );
    expect(plan).toEqual([{ routeServerId: 1, memberInterfaceId: 11, family: 6 }]);
  });
});
