import { BadRequestException, NotFoundException } from '@nestjs/common';
import { conflict, invalidValue, IxoraError, notFound } from '@ixora/errors';
import { toApiError } from './api-error.js';

describe('toApiError', () => {
  it.each([
    ['invalid_value', 400],
    ['validation_failed', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['rate_limited', 429],
    ['upstream_failed', 502],
    ['internal', 500],
  ] as const)('maps IxoraError code %s to HTTP %i', (code, status) => {
    expect(toApiError(new IxoraError(code, 'm')).body.error).toEqual({ code, message: 'm', status });
  });

  it('keeps the field and the value of bad input', () => {
    expect(toApiError(invalidValue('asn', 'AS0', 'is not an ASN')).body).toEqual({
      error: {
        code: 'invalid_value',
        message: 'asn: "AS0" is not an ASN',
        status: 400,
        field: 'asn',
        value: 'AS0',
      },
    });
    expect(
      toApiError(conflict('member AS64500 already exists', { field: 'asn', value: 64500 })).body.error,
    ).toMatchObject({
      status: 409,
      field: 'asn',
      value: 64500,
    });
    expect(toApiError(notFound('member', 'AS64500')).body.error).toMatchObject({
      status: 404,
      value: 'AS64500',
    });
  });

  it('turns values JSON cannot carry into text or null', () => {
    expect(toApiError(invalidValue('asn', 2n ** 40n, 'x')).body.error.value).toBe('1099511627776');
    expect(toApiError(invalidValue('member', undefined, 'is required')).body.error.value).toBeNull();
  });

  it('maps PostgreSQL constraint violations like the services errors', () => {
    const unique = {
      driverError: { code: '23505', detail: 'Key (email)=(a@example.net) already exists.', message: 'dup' },
    };
    expect(toApiError(unique).body.error).toEqual({
      code: 'conflict',
      message: 'email: a@example.net already exists',
      status: 409,
      field: 'email',
      value: 'a@example.net',
    });
    const check = { code: '23514', column: 'vlan_id', message: 'new row violates check constraint' };
    expect(toApiError(check).body.error).toMatchObject({
      code: 'invalid_value',
      status: 400,
      field: 'vlan_id',
    });
  });

  it('keeps the status of Nest HTTP exceptions with a stable code', () => {
    expect(toApiError(new NotFoundException('Cannot GET /x')).body.error).toEqual({
      code: 'not_found',
      message: 'Cannot GET /x',
      status: 404,
    });
    expect(toApiError(new BadRequestException(['a', 'b'])).body.error).toEqual({
      code: 'invalid_value',
      message: 'a; b',
      status: 400,
    });
  });

  it('answers body-parser errors with their status', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
      type: 'entity.too.large',
    });
    expect(toApiError(tooLarge)).toEqual({
      body: { error: { code: 'payload_too_large', message: 'request entity too large', status: 413 } },
      isUnexpected: false,
    });
  });

  it('hides the message and stack of anything unexpected', () => {
    const secret = new Error('connect ECONNREFUSED postgres://ixora:hunter2@db/ixora');
    const { body, isUnexpected } = toApiError(secret);
    expect(body).toEqual({ error: { code: 'internal', message: 'internal error', status: 500 } });
    expect(isUnexpected).toBe(true);
    expect(toApiError(new IxoraError('internal', 'x')).isUnexpected).toBe(true);
  });
});
