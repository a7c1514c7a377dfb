import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { PageRenderer, STYLESHEET_PATH } from './page.renderer.js';

interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}

/**
 * The pages' stylesheet. The layout links it with its content hash (`?v=`), so that address may
 * be cached for a year; any other asks again each time (the ETag makes that a 304).
 */
@ApiExcludeController()
@Public()
@Controller()
export class AssetsController {
  constructor(private readonly pages: PageRenderer) {}

  @Get(STYLESHEET_PATH.slice(1))
  @Header('content-type', 'text/css; charset=utf-8')
  stylesheet(@Query('v') version: unknown, @Res({ passthrough: true }) response: HeaderResponse): string {
    const { css, etag, version: current } = this.pages.stylesheet;
    response.setHeader('etag', etag);
    response.setHeader(
      'cache-control',
      version === current ? 'public, max-age=31536000, immutable' : 'public, no-cache',
    );
    return css;
  }
}
