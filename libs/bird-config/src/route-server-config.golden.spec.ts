import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { smallExchangeModel } from '../fixtures/small-exchange.fixture.js';
import { midSizeExchangeModel } from '../fixtures/synthetic-exchange.fixture.js';
import { renderRouteServerConfig } from './route-server-config.renderer.js';

// Rendered configs are reviewed as diffs: a change to the templates or the view shows up here.
// UPDATE_GOLDEN=1 rewrites the files; review and commit them with the change.
const goldenDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe.each([
  ['small-exchange.conf', smallExchangeModel],
  ['mid-size-exchange.conf', midSizeExchangeModel],
])('golden %s', (file, model) => {
  it('renders byte for byte as committed', () => {
    const rendered = renderRouteServerConfig(model());
    const goldenPath = path.join(goldenDir, file);
    if (update) writeFileSync(goldenPath, rendered);
    expect(rendered).toBe(readFileSync(goldenPath, 'utf8'));
  });
});
