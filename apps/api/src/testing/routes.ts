import type { INestApplication } from '@nestjs/common';

export interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route the HTTP server answers, read from Express's router (what is served, not what is declared). */
export function servedRoutes(app: INestApplication): RouteEntry[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes: RouteEntry[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      for (const [method, isOn] of Object.entries(layer.route.methods)) {
        if (isOn && method !== '_all') routes.push({ method: method.toUpperCase(), path });
      }
    }
  }
  return routes;
}
