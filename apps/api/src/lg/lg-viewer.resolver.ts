import { Injectable } from '@nestjs/common';
import { UserService } from '@ixora/domain';
import { PUBLIC_VIEWER, type LgViewer } from '@ixora/looking-glass';
import { DatabaseLgDirectory } from './lg.directory.js';

/** `Authorization: Bearer ixora_…` (RFC 6750 §2.1). */
function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/**
 * Who is looking at a public looking-glass route. The routes need no token, but a staff or
 * member token shows what the public does not see (members hidden from the public). A wrong
 * token is simply the public view: the looking glass never answers 401.
 */
@Injectable()
export class LgViewerResolver {
  constructor(
    private readonly users: UserService,
    private readonly directory: DatabaseLgDirectory,
  ) {}

  async viewerOf(request: { headers: Record<string, string | string[] | undefined> }): Promise<LgViewer> {
    const token = bearerToken(request.headers.authorization);
    if (!token) return PUBLIC_VIEWER;
    const actor = await this.users.authenticateToken(token);
    if (!actor) return PUBLIC_VIEWER;
    if (actor.role === 'admin') return { kind: 'staff' };
    const asn = actor.memberId === null ? undefined : await this.directory.memberAsn(actor.memberId);
    return asn === undefined ? PUBLIC_VIEWER : { kind: 'member', asn };
  }
}
