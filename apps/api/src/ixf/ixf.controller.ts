import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IxfExporter, IxfImporter, type Actor } from '@ixora/domain';
import { Authenticated, CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import {
  ixfDocumentBody,
  ixfExportResponse,
  ixfImportResponse,
  type IxfDocumentBody,
  type IxfImportResponse,
} from './ixf.schemas.js';

@ApiTags('ixf')
@Authenticated()
@Controller('ixf')
export class IxfController {
  constructor(
    private readonly importer: IxfImporter,
    private readonly exporter: IxfExporter,
  ) {}

  /** Creates or updates Ixps, LANs, members, ports and interfaces from an IX-F Member Export 1.0. */
  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: ixfImportResponse })
  async import(
    @CurrentActor() actor: Actor,
    @Body({ schema: ixfDocumentBody }) body: IxfDocumentBody,
  ): Promise<IxfImportResponse> {
    return this.importer.import(actor, JSON.stringify(body));
  }

  /**
   * Public on purpose: the IX-F Member Export is the exchange's published member list, fetched by
   * PeeringDB, IXPDB and peering tools without credentials (Euro-IX suggests /participants.json).
   */
  @Public()
  @Get('export')
  @ApiOperation({ summary: 'IX-F Member Export 1.0 of this exchange (public)' })
  @ApiOkResponse({ standardSchema: ixfExportResponse })
  export(): Promise<Record<string, unknown>> {
    return this.exporter.export();
  }
}
