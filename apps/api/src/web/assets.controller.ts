import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { AccountPageRenderer } from './account-page.renderer.js';

/** The sign-in pages' stylesheet: a file, not an inline `<style>`, so the CSP needs no 'unsafe-inline'. */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  constructor(private readonly pages: AccountPageRenderer) {}

  @Get('account.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return this.pages.stylesheet;
  }
}
