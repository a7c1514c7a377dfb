import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@ixora/domain';
import { apiErrorSchema } from '../common/error.schema.js';
import { Authenticated, CurrentActor, Public } from './auth.decorators.js';
import {
  tokenIdParams,
  tokenInfoResponse,
  tokenListQuery,
  type TokenIdParams,
  type TokenInfoResponse,
  type TokenListQuery,
  loginBody,
  meResponse,
  tokenBody,
  tokenResponse,
  type LoginBody,
  type MeResponse,
  type TokenBody,
  type TokenResponse,
} from './auth.schemas.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Authenticated()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Checks e-mail and password (argon2id) and returns a new API token, shown once. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: tokenResponse })
  @ApiUnauthorizedResponse({ description: 'wrong e-mail or password', standardSchema: apiErrorSchema })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins', standardSchema: apiErrorSchema })
  login(@Body({ schema: loginBody }) body: LoginBody, @Ip() ip: string): Promise<TokenResponse> {
    return this.auth.login(body, ip);
  }

  @Get('me')
  @ApiOkResponse({ standardSchema: meResponse })
  me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.auth.me(actor);
  }

  /** Your tokens (staff: any user's with ?userId=), without secrets. */
  @Get('tokens')
  @ApiOkResponse({ standardSchema: z.array(tokenInfoResponse) })
  listTokens(
    @CurrentActor() actor: Actor,
    @Query({ schema: tokenListQuery }) q: TokenListQuery,
  ): Promise<TokenInfoResponse[]> {
    return this.auth.listTokens(actor, q.userId);
  }

  /** Revokes a token at once (also the one in use: this is the logout). */
  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'no such token, or not yours', standardSchema: apiErrorSchema })
  revokeToken(
    @CurrentActor() actor: Actor,
    @Param({ schema: tokenIdParams }) p: TokenIdParams,
  ): Promise<void> {
    return this.auth.revokeToken(actor, p.id);
  }

  /** A new API token for yourself (staff: for any user); the token is shown once. */
  @Post('tokens')
  @ApiCreatedResponse({ standardSchema: tokenResponse })
  createToken(
    @CurrentActor() actor: Actor,
    @Body({ schema: tokenBody }) body: TokenBody,
  ): Promise<TokenResponse> {
    return this.auth.createToken(actor, body);
  }
}
