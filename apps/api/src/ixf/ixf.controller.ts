import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IxfExporter, IxfImporter, type Actor } from '@ixora/domain';
import { Authenticated, CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import {
  ixfDocumentText,
  ixfExportResponse,
  ixfImportQuery,
  ixfImportResponse,
  type IxfImportQuery,
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

  /**
   * Creates or updates Ixps, LANs, members, ports and interfaces from an IX-F Member Export 1.0.
   * The body (up to 64 MiB, staff only) reaches the importer as the text that was sent, which
   * parses and checks it once.
   */
  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiBody({
    description: 'an IX-F Member Export 1.0 document (application/json)',
    schema: { type: 'object', required: ['version'], additionalProperties: true },
  })
  @ApiOkResponse({ standardSchema: ixfImportResponse })
  async import(
    @CurrentActor() actor: Actor,
    @Body({ schema: ixfDocumentText }) text: string,
    @Query({ schema: ixfImportQuery }) query: IxfImportQuery,
  ): Promise<IxfImportResponse> {
    return this.importer.import(actor, text, { allowBogonAsn: query.allowBogonAsn });
  }

  /**
   * Public on purpose: the IX-F Member Export is the exchange's published member list, fetched by
   * PeeringDB, IXPDB and peering tools without credentials (Euro-IX suggests /participants.json).
   * Members hidden from the public, MAC addresses and non-http(s) member URLs are left out.
   */
  @Public()
  @Get('export')
  @ApiOperation({ summary: 'IX-F Member Export 1.0 of this exchange (public)' })
  @ApiOkResponse({ standardSchema: ixfExportResponse })
  export(): Promise<Record<string, unknown>> {
    return this.exporter.export('public');
  }

  /**
   * The export as stored, for staff (backups, re-imports): members hidden from the public, MAC
   * addresses and member URLs as they are.
   */
  @Roles('admin')
  @Get('export/full')
  @ApiOperation({ summary: 'IX-F Member Export 1.0 with hidden members and MAC addresses (staff)' })
  @ApiOkResponse({ standardSchema: ixfExportResponse })
  exportFull(): Promise<Record<string, unknown>> {
    return this.exporter.export('full');
  }
}
