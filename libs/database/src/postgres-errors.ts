import { IxoraError } from '@ixora/errors';

interface PgError {
  code?: string;
  column?: string;
  constraint?: string;
  detail?: string;
  message: string;
}

/**
 * Turns a constraint violation from PostgreSQL into an IxoraError that names the field, so a rule
 * the database enforces gives the same clear answer as one the code checks first.
 */
export function describePostgresError(error: unknown): IxoraError | undefined {
  const pg = (error as { driverError?: PgError }).driverError ?? (error as PgError);
  if (typeof pg?.code !== 'string') return undefined;
  switch (pg.code) {
    case '23505': {
      const match = /Key \((.+)\)=\((.*)\) already exists/.exec(pg.detail ?? '');
      return new IxoraError(
        'conflict',
        `${match?.[1] ?? pg.constraint}: ${match?.[2] ?? ''} already exists`,
        {
          field: match?.[1],
          value: match?.[2],
        },
      );
    }
    case '23514':
      return new IxoraError('invalid_value', pg.message, { field: pg.column ?? pg.constraint });
    case '23503':
      return new IxoraError('invalid_value', `reference not found: ${pg.detail ?? pg.message}`, {
        field: pg.constraint,
      });
    case '22P02':
      return new IxoraError('invalid_value', pg.message);
    default:
      return undefined;
  }
}
