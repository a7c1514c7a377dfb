import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { invalidValue } from '@ixora/errors';

type Path = readonly (PropertyKey | StandardSchemaV1.PathSegment)[];

function keyOf(segment: PropertyKey | StandardSchemaV1.PathSegment): PropertyKey {
  return typeof segment === 'object' ? segment.key : segment;
}

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[keyOf(segment)];
  }
  return current;
}

function fieldOf(path: Path): string {
  return path.reduce<string>((acc, segment) => {
    const key = keyOf(segment);
    return typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

/**
 * Validates a handler parameter against the Standard Schema (zod) given in its decorator
 * (`@Body({ schema })`, `@Query({ schema })`, `@Param({ schema })`). The first problem becomes an
 * `invalid_value` error naming the field and the value that was sent, like the services' errors.
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = (metadata as ArgumentMetadata & { schema?: StandardSchemaV1 }).schema;
    if (!schema || metadata.type === 'custom') return value;
    const result = await schema['~standard'].validate(value);
    if (!result.issues) return result.value;
    const issue = result.issues[0]!;
    let path: Path = issue.path ?? [];
    // zod reports unknown keys on the object; name the first unknown key instead.
    const unknownKeys = (issue as { keys?: unknown }).keys;
    if (Array.isArray(unknownKeys) && typeof unknownKeys[0] === 'string') path = [...path, unknownKeys[0]];
    const field = fieldOf(path) || (typeof metadata.data === 'string' ? metadata.data : metadata.type);
    throw invalidValue(field, valueAt(value, path), issue.message.replace(/^Invalid input: /, ''));
  }
}
