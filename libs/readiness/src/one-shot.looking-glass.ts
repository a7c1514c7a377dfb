import type { DataSource } from 'typeorm';
import type { IxoraConfig } from '@ixora/config';
import { LookingGlassService, type LookingGlassOptions } from '@ixora/looking-glass';
import { databaseLgDirectory, lookingGlassViews, type RouteServerViewReader } from './route-server.views.js';

/**
 * Reads every route server once, as the API's looking glass does in the background, for a process
 * that has no looking glass running (the CLI). `close` releases the BIRD connections.
 */
export async function readRouteServersOnce(
  dataSource: DataSource,
  config: Pick<IxoraConfig, 'birdSocket' | 'agentTokens'>,
  options: Pick<LookingGlassOptions, 'createReader' | 'readTimeoutMs'> = {},
): Promise<{ views: RouteServerViewReader; close(): Promise<void> }> {
  const lg = new LookingGlassService(databaseLgDirectory(dataSource), {
    refreshIntervalMs: 3_600_000,
    cacheTtlMs: 60_000,
    defaultSocket: config.birdSocket,
    agentTokens: config.agentTokens,
    readTimeoutMs: options.readTimeoutMs ?? 30_000,
    ...(options.createReader ? { createReader: options.createReader } : {}),
  });
  await lg.refresh();
  return { views: lookingGlassViews(lg), close: () => lg.stop() };
}
